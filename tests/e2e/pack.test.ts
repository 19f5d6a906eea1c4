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
// tsconfig, no path aliases), a T3-style router (its own initTRPC with superjson) published with serve() and called
// by name with connect() — Date and Map come back as themselves, a subscription streams — type-checked by tsc (a
// wrong input, or a client without the router's transformer, must not compile) and run against a real registry.
const serverSource = `import { initTRPC, tracked } from "@trpc/server";
import { serve, type SwitchboardMeta } from "@switchboard/core/server";
import superjson from "superjson";
import { z } from "zod";

const t = initTRPC.meta<SwitchboardMeta>().create({ transformer: superjson });
export const calculator = t.router({
  add: t.procedure.input(z.object({ a: z.number(), b: z.number() })).query(({ input }) => input.a + input.b),
  stamp: t.procedure
    .meta({ idempotent: true })
    .input(z.object({ at: z.date() }))
    .mutation(({ input }) => ({ next: new Date(input.at.getTime() + 86_400_000), seen: new Map([["at", input.at]]) })),
  countdown: t.procedure.input(z.object({ from: z.number().int() })).subscription(async function* ({ input }) {
    for (let n = input.from; n > 0; n--) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield tracked(String(n), n);
    }
  }),
});

await serve(calculator, {
  name: "acme.calculator",
  registryUrl: process.env.SWITCHBOARD_REGISTRY_URL,
  registryToken: process.env.REGISTRY_TOKEN,
});
`;

const clientSource = `import { connect } from "@switchboard/core/client";
import superjson from "superjson";
import type { calculator } from "./server.js";

const registryUrl = process.env.SWITCHBOARD_REGISTRY_URL;
const calc = connect<typeof calculator>("acme.calculator", { registryUrl, transformer: superjson });
const sum: number = await calc.add.query({ a: 20, b: 22 });
const { next, seen } = await calc.stamp.mutate({ at: new Date("2026-12-03T00:00:00Z") });
const counted = await new Promise<number[]>((resolve, reject) => {
  const values: number[] = [];
  calc.countdown.subscribe({ from: 3 }, {
    onData: ({ data }) => values.push(data),
    onComplete: () => resolve(values),
    onError: reject,
  });
});
console.log(JSON.stringify({
  sum,
  nextIsDate: next instanceof Date,
  next: next.toISOString(),
  seenIsMap: seen instanceof Map,
  counted,
}));
process.exit(0);

export function wrongInput() {
  // @ts-expect-error -- a must be a number
  return calc.add.query({ a: "20", b: 22 });
}

export function withoutTransformer() {
  // @ts-expect-error -- the router has a transformer: a client must be given it
  return connect<typeof calculator>("acme.calculator", { registryUrl });
}

// A name the project declares once is typed by the name alone.
declare module "@switchboard/core/client" {
  interface KnownServices {
    "acme.calculator": typeof calculator;
  }
}
export function knownByName() {
  const byName = connect("acme.calculator", { transformer: superjson });
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
        dependencies: {
          "@switchboard/core": `file:${tarball}`,
          "@trpc/server": "11.22.1",
          superjson: "2.2.6",
          zod: "4.6.7",
        },
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

  it("publishes a superjson router under a name; another process calls it by name: Date and Map come back, a subscription streams", async () => {
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
      expect(JSON.parse(stdout.trim())).toEqual({
        sum: 42,
        nextIsDate: true,
        next: "2026-12-04T00:00:00.000Z",
        seenIsMap: true,
        counted: [3, 2, 1],
      });
    } finally {
      server.kill("SIGTERM");
    }
  }, 60_000);
});
