// `npm run studio`: Prisma Studio on the shop's database (accounts, ledger entries, sessions, log-on throttle).
// The file is the one the shop uses: SHOP_DATABASE_URL, or shop.db in SWITCHBOARD_DATA_DIR (default .data/).
// Studio reads and writes the live file beside a running shop (WAL mode); the ledger triggers still guard it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, sqliteFileOf } from "@switchboard/db";
import { loadStudioEnv, studioProcessEnv } from "./env.ts";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
// This package's own Prisma (7.10.1), not the workspace's 6.19.3.
const prismaCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
  "build/index.js",
);

const env = loadStudioEnv();
const file = path.resolve(sqliteFileOf(env.SHOP_DATABASE_URL));
// On a fresh clone the shop may not have run yet: create the tables, as the shop would.
applyMigrations(file);
const port = String(env.STUDIO_PORT);

console.log(`Prisma Studio on ${file}: http://localhost:${port}  (Ctrl-C stops it)`);
const studio = spawn(
  process.execPath,
  [prismaCli, "studio", "--browser", "none", "--port", port, "--url", `file://${file}`],
  // Run from this package, so Studio does not pick up packages/db's Prisma 6 config.
  { cwd: packageRoot, stdio: "inherit", env: studioProcessEnv() },
);
studio.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => studio.kill(signal));
