import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresCluster } from "../../../../scripts/lib/postgres.ts";
import { applyPostgresMigrations } from "./migrate.ts";
import { DatabaseUnavailableError, openPostgres } from "./open.ts";

const packageRoot = fileURLToPath(new URL("../..", import.meta.url));
const prismaCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
  "build/index.js",
);

/** Runs the Prisma CLI with the PostgreSQL config against one database. */
function prisma(args: string[], databaseUrl: string): string {
  return execFileSync(process.execPath, [prismaCli, ...args, "--config", "prisma.postgres.config.ts"], {
    cwd: packageRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
}

let cluster: PostgresCluster;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  cluster = await startPostgres({ fast: true });
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await cluster.stop();
});

async function freshPool(): Promise<{ pool: pg.Pool; url: string }> {
  const url = await cluster.createDatabase();
  const pool = new pg.Pool({ connectionString: url });
  pools.push(pool);
  return { pool, url };
}

describe("applyPostgresMigrations", () => {
  it("creates the schema on an empty database and is a no-op the second time", async () => {
    const { pool } = await freshPool();
    expect(await applyPostgresMigrations(pool)).toEqual(["0_init", "1_ledger_triggers"]);
    expect(await applyPostgresMigrations(pool)).toEqual([]);
    const { rows } = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["Account", "LedgerEntry", "LogOnThrottle", "Session", "_prisma_migrations"]),
    );
  });

  it("applies each migration once when several processes start at the same moment (advisory lock)", async () => {
    const { url } = await freshPool();
    const starters = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    pools.push(...starters);
    const applied = await Promise.all(starters.map((pool) => applyPostgresMigrations(pool)));
    expect(applied.flat().sort()).toEqual(["0_init", "1_ledger_triggers"]);
    const { rows } = await starters[0]!.query(`SELECT migration_name FROM _prisma_migrations`);
    expect(rows).toHaveLength(2);
  });

  it("keeps Prisma's bookkeeping, so `prisma migrate status` agrees that nothing is pending", async () => {
    const { pool, url } = await freshPool();
    await applyPostgresMigrations(pool);
    expect(prisma(["migrate", "status"], url)).toContain("Database schema is up to date!");
  });

  it("the committed migrations produce exactly the schema in prisma/postgres/schema.prisma (no drift)", async () => {
    const migrated = await freshPool();
    await applyPostgresMigrations(migrated.pool);
    // What the schema alone produces: Prisma's own SQL for it, from nothing, applied to a scratch database.
    const fromSchema = await freshPool();
    const sql = prisma(
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--script"],
      fromSchema.url,
    );
    await fromSchema.pool.query(sql);
    expect(await schemaOf(migrated.pool)).toEqual(await schemaOf(fromSchema.pool));
  }, 30_000);

  it("agrees with `prisma migrate deploy`: a database it migrated has the same schema and triggers, nothing pending", async () => {
    const byPrisma = await freshPool();
    prisma(["migrate", "deploy"], byPrisma.url);
    const byUs = await freshPool();
    await applyPostgresMigrations(byUs.pool);
    expect(await schemaOf(byPrisma.pool)).toEqual(await schemaOf(byUs.pool));
    expect(await triggersOf(byPrisma.pool)).toEqual(await triggersOf(byUs.pool));
    expect(await applyPostgresMigrations(byPrisma.pool)).toEqual([]);
  }, 30_000);
});

describe("openPostgres", () => {
  it("refuses a wrong password with a message that names the database but not the password", async () => {
    const url = await cluster.createDatabase();
    const wrong = url.replace(`:${encodeURIComponent(cluster.password)}@`, ":not-the-password@");
    const error = await openPostgres(wrong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain(`postgresql://app:***@127.0.0.1:${cluster.port}/`);
    expect(message).toContain("password authentication failed");
    expect(message).not.toContain("not-the-password");
    // Nothing half-written: the database is as empty as before.
    expect(
      await cluster.psql(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`, url.split("/").at(-1)),
    ).toBe("0");
  });
});

/**
 * Tables' columns, indexes and constraints, without Prisma's bookkeeping. Triggers are left out: Prisma's schema
 * cannot express them, so they live only in the migrations (and ledger-triggers.test.ts checks them).
 */
async function schemaOf(pool: pg.Pool): Promise<unknown[]> {
  const { rows } = await pool.query<Record<string, unknown>>(`
    SELECT 'column' AS kind, table_name || '.' || column_name AS name,
      concat_ws(' ', ordinal_position, data_type, character_maximum_length, is_nullable, column_default) AS definition
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    UNION ALL
    SELECT 'index', indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
    UNION ALL
    SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
    ORDER BY 1, 2`);
  return rows;
}

async function triggersOf(pool: pg.Pool): Promise<unknown[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT tgname, pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`,
  );
  return rows;
}
