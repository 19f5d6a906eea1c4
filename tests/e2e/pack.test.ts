import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packCore } from "../../scripts/pack.ts";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

const run = promisify(execFile);

// As a user meets it: the packed tarball installed into a project outside the workspace (its own package.json and
// tsconfig, no path aliases), a router published with serve() and called by name with connect(), type-checked by tsc
// (a wrong input must not compile) and run against a real registry.
const serverSource = `import { initService, serve } from "@switchboard/core/server";
import { z } from "zod";

const t = initService<object>();
export const calculator = t.router({
  add: t.procedure.input(z.object({ a: z.number(), b: z.number() })).query(({ input }) => input.a + input.b),
});

await serve(calculator, {
  name: "acme.calculator",
  registryUrl: process.env.SWITCHBOARD_REGISTRY_URL,
  registryToken: process.env.REGISTRY_TOKEN,
});
`;

const clientSource = `import { connect } from "@switchboard/core/client";
import type { calculator } from "./server.js";

const calc = connect<typeof calculator>("acme.calculator", { registryUrl: process.env.SWITCHBOARD_REGISTRY_URL });
const sum: number = await calc.add.query({ a: 20, b: 22 });
console.log(sum);
process.exit(0);

export function wrongInput() {
  // @ts-expect-error -- a must be a number
  return calc.add.query({ a: "20", b: 22 });
}

// A name the project declares once is typed by the name alone.
declare module "@switchboard/core/client" {
  interface KnownServices {
    "acme.calculator": typeof calculator;
  }
}
export function knownByName() {
  const byName = connect("acme.calculator");
  // @ts-expect-error -- b is required
  return byName.add.query({ a: 1 });
}
`;

describe("the published package, installed into a project outside the workspace", () => {
  let project: string;
  let system: RunningSystem;

  beforeAll(async () => {
    const tarball = await packCore();
    project = mkdtempSync(path.join(tmpdir(), "switchboard-user-"));
    mkdirSync(path.join(project, "src"));
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "acme-calculator",
        private: true,
        type: "module",
        dependencies: { "@switchboard/core": `file:${tarball}`, "@trpc/server": "11.22.1", zod: "4.6.7" },
        devDependencies: { typescript: "5.9.3", "@types/node": "20.19.30" },
      }),
    );
    // What `tsc --init` writes, in short (skipLibCheck as it sets it: @trpc/server's own .d.ts expects @types/ws).
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          skipLibCheck: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          outDir: "dist",
          rootDir: "src",
          types: ["node"],
        },
        include: ["src"],
      }),
    );
    writeFileSync(path.join(project, "src/server.ts"), serverSource);
    writeFileSync(path.join(project, "src/client.ts"), clientSource);
    await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: project });
    system = await startSystem();
  }, 240_000);

  afterAll(() => system?.stopAll());

  it("type-checks the user's code with full types (a wrong input does not compile)", async () => {
    const { stdout } = await run(process.execPath, [path.join(project, "node_modules/typescript/bin/tsc"), "-p", "."], {
      cwd: project,
    }).catch((error: Error & { stdout?: string }) => ({ stdout: `tsc failed:\n${error.stdout ?? error.message}` }));
    expect(stdout).toBe("");
  }, 60_000);

  it("publishes the router under a name and calls it by name from another process", async () => {
    const env = { ...process.env, SWITCHBOARD_REGISTRY_URL: system.registryUrl, REGISTRY_TOKEN: system.registryToken };
    const server = spawn(process.execPath, ["dist/server.js"], {
      cwd: project,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the user's server did not register")), 20_000);
        // The library logs with pino by default: one JSON object per line.
        createInterface({ input: server.stdout }).on("line", (line) => {
          if (line.includes('"msg":"registered"')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const { stdout } = await run(process.execPath, ["dist/client.js"], { cwd: project, env });
      expect(stdout.trim()).toBe("42");
    } finally {
      server.kill("SIGTERM");
    }
  }, 60_000);
});
