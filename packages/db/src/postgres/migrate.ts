import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

const migrationsDir = fileURLToPath(new URL("../../prisma/postgres/migrations", import.meta.url));

/**
 * The advisory lock Prisma Migrate itself takes (`SELECT pg_advisory_lock(72707369)` in its schema engine): holding
 * the same one means two shop processes starting at once, or a shop and a `prisma migrate deploy`, apply migrations
 * one after the other, never together.
 */
const prismaMigrateLockKey = 72_707_369;

/**
 * Applies the committed PostgreSQL migrations (prisma/postgres/migrations) in order, each in its own transaction
 * (PostgreSQL's DDL is transactional: a migration that fails leaves nothing behind), under Prisma Migrate's advisory
 * lock. It keeps the same `_prisma_migrations` bookkeeping as `prisma migrate deploy`, so `prisma migrate status`
 * agrees, and runs in-process at start-up in a few milliseconds. Returns the names it applied.
 */
export async function applyPostgresMigrations(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  let unlocked = false;
  try {
    // A session-level lock: if this process dies, its connection ends and PostgreSQL releases the lock.
    await client.query(`SELECT pg_advisory_lock(${prismaMigrateLockKey})`);
    const applied = await applyPending(client);
    await client.query(`SELECT pg_advisory_unlock(${prismaMigrateLockKey})`);
    unlocked = true;
    return applied;
  } finally {
    // A connection that failed on the way (maybe still holding the lock) is closed, not handed back to the pool:
    // closing it ends its session, which releases the lock.
    client.release(unlocked ? undefined : true);
  }
}

async function applyPending(client: pg.PoolClient): Promise<string[]> {
  // Prisma's own definition of its table, so the CLI reads it as if it had made it.
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  const newlyApplied: string[] = [];
  for (const name of listMigrations()) {
    if (applied.has(name)) continue;
    const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
    await client.query("BEGIN");
    try {
      // No parameters: pg sends it with the simple query protocol, which runs a script of many statements.
      await client.query(sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "applied_steps_count")
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), sha256(sql), name],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    newlyApplied.push(name);
  }
  return newlyApplied;
}

function listMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** Prisma's checksum of a migration: the SHA-256 of its file, in hex. */
function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
