import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFileOf } from "./config.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations } from "./migrate.ts";

export type DbClient = PrismaClient;

/**
 * Opens the database at `databaseUrl`: applies pending migrations, then returns a Prisma client on the
 * better-sqlite3 driver adapter. Call it once per process and share the client.
 */
export function openDatabase(databaseUrl: string): DbClient {
  const file = sqliteFileOf(databaseUrl);
  applyMigrations(file);
  // A busy timeout lets two processes that share the file wait for each other's write lock instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 });
  return new PrismaClient({ adapter });
}
