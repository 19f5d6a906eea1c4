// `npm run pack`: builds the publishable package @switchboard/api (ESM + bundled .d.ts, entry points ./client and
// ./server) into .packages/api/ with its own package.json and README, and packs it to .packages/*.tgz. The workspace
// keeps importing the TypeScript sources; only this build is what other projects install.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "tsup";
import { repositoryRoot } from "./lib/processes.ts";

const apiRoot = path.join(repositoryRoot, "packages/api");
const outRoot = path.join(repositoryRoot, ".packages");
const packageDir = path.join(outRoot, "api");
const workspacePackage = JSON.parse(readFileSync(path.join(apiRoot, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
};
const runtimeDependencies = ["@trpc/client", "@trpc/server", "ws", "eventsource", "zod"];

export async function packApi(): Promise<string> {
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });
  await build({
    entry: { client: path.join(apiRoot, "src/client/index.ts"), server: path.join(apiRoot, "src/server/index.ts") },
    outDir: path.join(packageDir, "dist"),
    format: ["esm"],
    target: "node20",
    platform: "node",
    splitting: true,
    silent: true,
    external: runtimeDependencies.map((name) => new RegExp(`^${name}(/|$)`)),
    tsconfig: path.join(apiRoot, "tsconfig.json"),
    dts: {
      // The server context's database types become `unknown` in the published declarations (publish/db-types.d.ts):
      // clients need the procedures' types, not Prisma's. The sources are type-checked by `npm run typecheck` against
      // the real types; this step only emits declarations (`noCheck`), which the stub would otherwise fail.
      compilerOptions: { paths: { "@switchboard/db": [path.join(apiRoot, "publish/db-types.d.ts")] }, noCheck: true },
    },
  });
  writeFileSync(
    path.join(packageDir, "package.json"),
    `${JSON.stringify(
      {
        name: "@switchboard/api",
        version: workspacePackage.version,
        description: "Typed remote services for TypeScript: publish a tRPC router under a name, call it by name.",
        license: "MIT",
        type: "module",
        engines: { node: ">=20.19" },
        exports: {
          "./client": { types: "./dist/client.d.ts", import: "./dist/client.js" },
          "./server": { types: "./dist/server.d.ts", import: "./dist/server.js" },
          "./package.json": "./package.json",
        },
        files: ["dist", "README.md"],
        sideEffects: false,
        dependencies: Object.fromEntries(
          runtimeDependencies.map((name) => [name, workspacePackage.dependencies[name]]),
        ),
      },
      null,
      2,
    )}\n`,
  );
  cpSync(path.join(apiRoot, "publish/README.md"), path.join(packageDir, "README.md"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", outRoot], {
    cwd: packageDir,
    encoding: "utf8",
  }).trim();
  return path.join(outRoot, tarball.split("\n").at(-1) ?? "");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await packApi());
}
