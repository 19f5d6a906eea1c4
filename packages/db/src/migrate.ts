import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const migrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/**
 * Applies the committed Prisma migrations to a SQLite file, in order, each in its own transaction.
 *
 * It writes the same `_prisma_migrations` bookkeeping as `prisma migrate deploy` (so `prisma migrate status`
 * agrees), but runs in-process in a few milliseconds: apps call it at start-up, so a fresh clone needs no
 * manual database step and no Prisma CLI at run time.
 */
export function applyMigrations(databaseFile: string): string[] {
  const db = new Database(databaseFile, { timeout: 10_000 });
  try {
    // WAL lets readers run beside one writer and survives a crash mid-write without corruption.
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    const applied = new Set(
      db
        .prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`)
        .pluck()
        .all() as string[],
    );
    const newlyApplied: string[] = [];
    for (const name of listMigrations()) {
      if (applied.has(name)) continue;
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      // IMMEDIATE takes the write lock up front, so two processes starting at once apply each migration once.
      db.transaction(() => {
        const raced = db
          .prepare(`SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL`)
          .get(name);
        if (raced) return;
        db.exec(sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES (?, ?, ?, ?, 1)`,
        ).run(randomUUID(), sha256(sql), Date.now(), name);
        newlyApplied.push(name);
      }).immediate();
    }
    return newlyApplied;
  } finally {
    db.close();
  }
}

function listMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
