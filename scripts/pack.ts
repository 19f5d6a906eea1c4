// `npm run pack`: builds the publishable library @switchboard/core (ESM + bundled, type-checked .d.ts; entry points
// ./client, ./server and ./registry) into .packages/core/ with its own package.json and README, and packs it to
// .packages/*.tgz. The workspace keeps importing the TypeScript sources; only this build is what other projects install.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "tsup";
import { repositoryRoot } from "./lib/processes.ts";

const coreRoot = path.join(repositoryRoot, "packages/core");
const outRoot = path.join(repositoryRoot, ".packages");
const packageDir = path.join(outRoot, "core");
const workspacePackage = JSON.parse(readFileSync(path.join(coreRoot, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
};
const entryPoints = ["client", "server", "registry"];
const runtimeDependencies = [
  "@trpc/client",
  "@trpc/server",
  "ws",
  "eventsource",
  "zod",
  "pino",
  "re2js",
  // The OpenTelemetry API must stay one shared package: the user's SDK registers through it.
  "@opentelemetry/api",
  "prom-client",
];

export async function packCore(): Promise<string> {
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });
  await build({
    entry: Object.fromEntries(entryPoints.map((entry) => [entry, path.join(coreRoot, `src/${entry}/index.ts`)])),
    outDir: path.join(packageDir, "dist"),
    format: ["esm"],
    target: "node20",
    platform: "node",
    splitting: true,
    silent: true,
    external: runtimeDependencies.map((name) => new RegExp(`^${name}(/|$)`)),
    tsconfig: path.join(coreRoot, "tsconfig.json"),
    // Declarations are emitted with type checking on: a type error in the library fails the build.
    dts: true,
  });
  writeFileSync(
    path.join(packageDir, "package.json"),
    `${JSON.stringify(
      {
        name: "@switchboard/core",
        version: workspacePackage.version,
        description: "Typed remote services for TypeScript: publish a tRPC router under a name, call it by name.",
        license: "MIT",
        type: "module",
        engines: { node: ">=20.19" },
        exports: {
          ...Object.fromEntries(
            entryPoints.map((entry) => [`./${entry}`, { types: `./dist/${entry}.d.ts`, import: `./dist/${entry}.js` }]),
          ),
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
  cpSync(path.join(coreRoot, "publish/README.md"), path.join(packageDir, "README.md"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", outRoot], {
    cwd: packageDir,
    encoding: "utf8",
  }).trim();
  return path.join(outRoot, tarball.split("\n").at(-1) ?? "");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await packCore());
}
