import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresCluster } from "../../../../scripts/lib/postgres.ts";
import { applyPostgresMigrations } from "./migrate.ts";

// The PostgreSQL twin of ../ledger-triggers.test.ts: the ledger invariant is the database's job, so any writer (a
// script, psql, Prisma Studio) goes through these triggers. These tests write with plain SQL, as such a writer would.

let cluster: PostgresCluster;
let template: string;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  cluster = await startPostgres({ fast: true });
  // Migrate once, then copy that database for each test (CREATE DATABASE … TEMPLATE is a file copy).
  const url = await cluster.createDatabase("ledger_template");
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await applyPostgresMigrations(pool);
  await pool.end();
  template = "ledger_template";
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await cluster.stop();
});

async function migratedDatabase(): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: await cluster.createDatabase(undefined, { template }) });
  pools.push(pool);
  await pool.query(`INSERT INTO "Account" ("name", "passwordHash") VALUES ('Meeta', 'x')`);
  return pool;
}

const insertEntry = (db: pg.Pool, kind: string, amountCents: number) =>
  db.query(
    `INSERT INTO "LedgerEntry" ("accountId", "kind", "amountCents", "balanceAfterCents", "createdAt") VALUES (1, $1, $2, 0, 0)`,
    [kind, amountCents],
  );

const balanceOf = async (db: pg.Pool) =>
  (await db.query<{ balanceCents: number }>(`SELECT "balanceCents" FROM "Account" WHERE "id" = 1`)).rows[0]
    ?.balanceCents;

const entryCount = async (db: pg.Pool) =>
  Number((await db.query<{ count: string }>(`SELECT count(*) FROM "LedgerEntry"`)).rows[0]?.count);

describe("ledger triggers on PostgreSQL", () => {
  it("move the balance in the same statement that inserts an entry", async () => {
    const db = await migratedDatabase();
    await insertEntry(db, "deposit", 10_000);
    await insertEntry(db, "purchase", 3_700);
    expect(await balanceOf(db)).toBe(6_300);
  });

  it("refuse an entry that would overdraw, and keep neither the entry nor the balance change", async () => {
    const db = await migratedDatabase();
    await insertEntry(db, "deposit", 1_200);
    await expect(insertEntry(db, "purchase", 3_700)).rejects.toThrow("balance out of bounds");
    expect(await balanceOf(db)).toBe(1_200);
    expect(await entryCount(db)).toBe(1);
  });

  it("refuse a balance over 2,000,000,000 cents", async () => {
    const db = await migratedDatabase();
    for (let deposit = 0; deposit < 20; deposit++) await insertEntry(db, "deposit", 100_000_000);
    await expect(insertEntry(db, "deposit", 1)).rejects.toThrow("balance out of bounds");
    expect(await balanceOf(db)).toBe(2_000_000_000);
  });

  it.each([
    ["an unknown kind", "refund", 100],
    ["a zero amount", "deposit", 0],
    ["a negative amount", "deposit", -5],
  ])("refuse %s", async (_label, kind, amount) => {
    const db = await migratedDatabase();
    await expect(insertEntry(db, kind, amount)).rejects.toThrow("ledger entry must be");
    expect(await balanceOf(db)).toBe(0);
  });

  it("keep the ledger append-only: no UPDATE, no DELETE, no TRUNCATE", async () => {
    const db = await migratedDatabase();
    await insertEntry(db, "deposit", 500);
    await expect(db.query(`UPDATE "LedgerEntry" SET "amountCents" = 1`)).rejects.toThrow("append-only");
    await expect(db.query(`DELETE FROM "LedgerEntry"`)).rejects.toThrow("append-only");
    await expect(db.query(`TRUNCATE "LedgerEntry" CASCADE`)).rejects.toThrow("append-only");
    expect(await entryCount(db)).toBe(1);
  });

  it("move a balance only through the ledger: a direct UPDATE of it is refused, other columns may change", async () => {
    const db = await migratedDatabase();
    await insertEntry(db, "deposit", 500);
    await expect(db.query(`UPDATE "Account" SET "balanceCents" = 1000000`)).rejects.toThrow(
      "a balance moves only through a ledger entry",
    );
    await db.query(`UPDATE "Account" SET "passwordHash" = 'y', "balanceCents" = "balanceCents"`);
    expect(await balanceOf(db)).toBe(500);
  });

  it("refuse to delete an account that has entries", async () => {
    const db = await migratedDatabase();
    await insertEntry(db, "deposit", 500);
    await expect(db.query(`DELETE FROM "Account"`)).rejects.toThrow("foreign key");
  });

  it("open accounts empty: money only enters through the ledger", async () => {
    const db = await migratedDatabase();
    await expect(
      db.query(`INSERT INTO "Account" ("name", "passwordHash", "balanceCents") VALUES ('Rich', 'x', 100)`),
    ).rejects.toThrow("zero balance");
  });
});
