// `npm run studio`: Prisma Studio on the shop's database (accounts, ledger entries, sessions, log-on throttle).
// The database is the one the shop uses: SHOP_DATABASE_URL, or shop.db in SWITCHBOARD_DATA_DIR (default .data/).
// Studio reads and writes the live database beside running shops (SQLite in WAL mode, or PostgreSQL); the ledger
// triggers guard it either way.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  applyMigrations,
  DatabaseUnavailableError,
  isPostgresUrl,
  openPostgres,
  redactedUrl,
  sqliteFileOf,
} from "@switchboard/db";
import { loadStudioEnv, studioProcessEnv } from "./env.ts";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
// This package's own Prisma (7.10.1), not the workspace's 6.19.3.
const prismaCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
  "build/index.js",
);

const env = loadStudioEnv();
const database = await openForStudio(env.SHOP_DATABASE_URL);
const port = String(env.STUDIO_PORT);

console.log(`Prisma Studio on ${database.shown}: http://localhost:${port}  (Ctrl-C stops it)`);
const studio = spawn(
  process.execPath,
  [prismaCli, "studio", "--browser", "none", "--port", port],
  // Run from this package: Studio reads its prisma.config.ts (the URL, from the environment), not packages/db's.
  { cwd: packageRoot, stdio: "inherit", env: studioProcessEnv(database.url) },
);
studio.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => studio.kill(signal));

/**
 * On a fresh setup the shop may not have run yet: create the tables, as the shop would. Returns the URL for Studio
 * (SQLite wants an absolute `file://` path) and how to show it (a PostgreSQL URL without its password).
 */
async function openForStudio(databaseUrl: string): Promise<{ url: string; shown: string }> {
  if (!isPostgresUrl(databaseUrl)) {
    const file = path.resolve(sqliteFileOf(databaseUrl));
    applyMigrations(file);
    return { url: `file://${file}`, shown: file };
  }
  try {
    await (await openPostgres(databaseUrl, { poolSize: 1 })).close();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    console.error(`SHOP_DATABASE_URL: ${error.message} (check its host, port, user name, password and database name)`);
    process.exit(1);
  }
  return { url: databaseUrl, shown: redactedUrl(databaseUrl) };
}
