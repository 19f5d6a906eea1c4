import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type DbClient } from "./client.ts";

/** A real, migrated SQLite database in a fresh temporary folder, for tests. */
export function openTestDatabase(): { db: DbClient; url: string } {
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "switchboard-db-")), "test.db")}`;
  return { db: openDatabase(url), url };
}
