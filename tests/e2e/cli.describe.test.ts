import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("switchboard describe and call, from what services publish at /describe", () => {
  let system: RunningSystem;

  function cli(args: string[]): Promise<CliResult> {
    const child = spawn(process.execPath, [path.join(repositoryRoot, "packages/cli/bin/switchboard.js"), ...args], {
      env: { ...process.env, SWITCHBOARD_REGISTRY_URL: system.registryUrl, SWITCHBOARD_DATA_DIR: system.dataDir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  }

  beforeAll(async () => {
    system = await startSystem();
    await system.start("greeter");
    await system.start("shop");
  });
  afterAll(() => system.stopAll());

  it("lists the shop's procedures with deposit's input schema and its idempotency key", async () => {
    const described = await cli(["describe", "example.shop.Shop"]);
    expect(described).toMatchObject({ code: 0, stderr: "" });
    expect(described.stdout).toMatch(
      /^example\.shop\.Shop {2}schema [\da-f]{16} {2}\(from http:\/\/127\.0\.0\.1:\d+\)\n/,
    );
    expect(described.stdout).toMatch(
      /mutation {5}deposit {2}idempotent with idempotencyKey\n {2}input: {2}\{ session: string[^\n]*, amountCents: integer/,
    );
    expect(described.stdout).toMatch(/query {8}balance\n/);

    const json = JSON.parse((await cli(["--json", "describe", "example.shop.Shop"])).stdout) as {
      schemaHash: string;
      procedures: Array<{ path: string; input: { required?: string[] } }>;
    };
    const deposit = json.procedures.find((procedure) => procedure.path === "deposit");
    expect(deposit?.input.required).toEqual(expect.arrayContaining(["session", "amountCents"]));
    // The hash the shop registered with is the one it describes.
    const { instances } = await system.switchboard().registry.lookup.query({ name: "example.shop.Shop" });
    expect(instances[0]?.tags).toContain(`switchboard:schema=${json.schemaHash}`);
  });

  it("refuses an input that does not fit the schema before sending it, with zod's message", async () => {
    const refused = await cli(["call", "example.shop.Shop", "deposit", '{"session":"x","amountCents":"50"}']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/input of deposit does not fit its schema, nothing sent: amountCents: .*number/i);
    // A greeting still goes through once the input fits.
    const greeted = await cli(["call", "example.greeter", "welcomeMessage", '"Rashmi"']);
    expect(greeted).toMatchObject({ code: 0, stdout: "Hi welcome Rashmi\n" });
  });

  it("suggests the nearest procedure names on a typo", async () => {
    const typo = await cli(["call", "example.shop.Shop", "depost", "{}"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("example.shop.Shop has no procedure depost; did you mean deposit?");
  });

  it("calls a described mutation directly, as a mutation", async () => {
    const signedUp = await cli([
      "call",
      "example.shop.Shop",
      "signUp",
      '{"name":"Asha","password":"asha-demo-password"}',
    ]);
    expect(signedUp.code).toBe(0);
    expect(JSON.parse(signedUp.stdout)).toMatchObject({ name: "Asha", balanceCents: 0 });
  });
});
