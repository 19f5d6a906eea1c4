import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("the switchboard CLI, against a real registry", () => {
  let system: RunningSystem;

  /** Runs the installed bin, as `npx switchboard …` does, pointed at the test system. */
  function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    const child = spawn(process.execPath, [path.join(repositoryRoot, "packages/cli/bin/switchboard.js"), ...args], {
      env: {
        ...process.env,
        SWITCHBOARD_REGISTRY_URL: system.registryUrl,
        SWITCHBOARD_DATA_DIR: system.dataDir,
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  }
  const withToken = () => ({ REGISTRY_TOKEN: system.registryToken });

  beforeAll(async () => {
    system = await startSystem();
    await system.start("greeter");
    await system.start("shop");
  });
  afterAll(() => system.stopAll());

  it("lists, looks up and counts, for people and with --json for scripts", async () => {
    const listed = await cli(["list", "example.g"]);
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    expect(listed.stdout).toMatch(/^example\.greeter {2}http:\/\/127\.0\.0\.1:\d+\n$/);
    const looked = await cli(["--json", "lookup", "example.greeter"]);
    expect(JSON.parse(looked.stdout)).toMatchObject({
      name: "example.greeter",
      instances: [{ tags: [expect.stringMatching(/^switchboard:schema=[\da-f]{16}$/)] }],
    });
    expect((await cli(["count"])).stdout).toBe("3 name(s), 3 instance(s)\n");
  });

  it("registers with the token, sets metadata, finds by tags, removes by pattern", async () => {
    const registered = await cli(["register", "test.cli", "http://127.0.0.1:9", "--tags", "a", "b"], withToken());
    expect(registered.code).toBe(0);
    expect(registered.stdout).toMatch(/^registered test\.cli → http:\/\/127\.0\.0\.1:9 \(lease /);
    expect((await cli(["set-meta", "test.cli", "c"], withToken())).stdout).toBe("test.cli: [c] on 1 instance(s)\n");
    expect((await cli(["lookup", "--tags", "c"])).stdout).toBe("test.cli  http://127.0.0.1:9  [c]\n");
    expect((await cli(["remove", "--regex", "test\\.c.*"], withToken())).stdout).toBe("removed 1\n");
    expect((await cli(["remove", "test.cli"], withToken())).stdout).toBe("removed 0\n");
  });

  it("calls any service by name, queries and mutations alike", async () => {
    expect(await cli(["call", "example.greeter", "welcomeMessage", '"Rashmi"'])).toMatchObject({
      code: 0,
      stdout: "Hi welcome Rashmi\n",
    });
  });

  it("exits 1 when refused: unknown name, or a write without the token", async () => {
    const unknown = await cli(["lookup", "example.nobody"]);
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toBe("switchboard: NOT_FOUND: unknown name: example.nobody\n");
    const unauthorized = await cli(["--json", "register", "test.intruder", "http://127.0.0.1:9"], {
      REGISTRY_TOKEN: "wrong-token",
    });
    expect(unauthorized.code).toBe(1);
    expect(JSON.parse(unauthorized.stderr)).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("exits 2 for usage errors and 3 when nothing answers", async () => {
    expect((await cli(["bogus"])).code).toBe(2);
    expect((await cli(["call", "example.greeter", "welcomeMessage", "not json"])).code).toBe(2);
    expect((await cli(["lookup"])).code).toBe(2);
    expect((await cli(["--registry", "http://127.0.0.1:1", "ping"])).code).toBe(3);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 ok");
  });
});
