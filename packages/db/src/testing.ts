import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type DbClient } from "./client.ts";
import { openSqlite, type SqliteDatabase } from "./sqlite.ts";

/**
 * A real, migrated SQLite database in a fresh temporary folder, for tests: a Prisma client and a plain connection.
 * Given the `url` of one opened before, new connections to that same file (what a second process would have).
 */
export function openTestDatabase(
  url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "switchboard-db-")), "test.db")}`,
): { db: DbClient; sqlite: SqliteDatabase; url: string } {
  return { db: openDatabase(url), sqlite: openSqlite(url), url };
}
