import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresCluster } from "../../scripts/lib/postgres.ts";
import { startSystem } from "../../scripts/lib/processes.ts";
import { runCrashWorkload } from "../../scripts/lib/shop-crash-workload.ts";

// The PostgreSQL twin of shop.concurrency.test.ts: two shop processes on one PostgreSQL database instead of one
// SQLite file, the same workload, the same crash, the same checks — on the server's own tables.

const clientCount = 32;
const operationsPerClient = 500;
const accountCount = 8;

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres({ fast: true });
}, 60_000);
afterAll(() => cluster.stop());

describe("the shop under concurrency: two processes on one PostgreSQL database", () => {
  it("32 clients × 500 random operations, one shop SIGKILLed and restarted midway: every operation applied exactly once or refused, ledger exact", async () => {
    const databaseUrl = await cluster.createDatabase("shop");
    const system = await startSystem({ SHOP_DATABASE_URL: databaseUrl });
    try {
      // Both start at the same moment on an empty database: the advisory lock lets one migrate, the other wait.
      const [first] = await Promise.all([system.start("shop"), system.start("shop")]);
      const {
        records: all,
        total,
        killedAfter,
        restarted,
      } = await runCrashWorkload({
        system,
        victim: first,
        clientCount,
        operationsPerClient,
        accountCount,
      });
      expect(killedAfter).toBeLessThan(total);
      expect(restarted?.url).toMatch(/^http:/);
      expect(all.filter((record) => record.outcome === "failed")).toEqual([]);
      expect(all).toHaveLength(total);

      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        // Three start-ups, one migration history.
        const migrations = await db.query(`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`);
        expect(migrations.rows).toEqual([{ migration_name: "0_init" }, { migration_name: "1_ledger_triggers" }]);

        const accounts = await db.query<{ name: string; balance: number; ledger: string; lowest: number }>(
          `SELECT a."name", a."balanceCents" AS "balance",
             SUM(CASE e."kind" WHEN 'deposit' THEN e."amountCents" ELSE -e."amountCents" END) AS "ledger",
             MIN(e."balanceAfterCents") AS "lowest"
           FROM "Account" a JOIN "LedgerEntry" e ON e."accountId" = a."id" GROUP BY a."id"`,
        );
        expect(accounts.rows).toHaveLength(accountCount);
        for (const account of accounts.rows) {
          expect(account.balance).toBe(Number(account.ledger));
          expect(account.lowest).toBeGreaterThanOrEqual(0);
        }
        // Each entry's balanceAfterCents is the running total before it, in id order: no two movements of one
        // account interleaved, in either process.
        const broken = await db.query(
          `SELECT "id" FROM (
             SELECT "id", "balanceAfterCents", SUM(CASE "kind" WHEN 'deposit' THEN "amountCents" ELSE -"amountCents" END)
               OVER (PARTITION BY "accountId" ORDER BY "id") AS "running"
             FROM "LedgerEntry") e
           WHERE "balanceAfterCents" <> "running"`,
        );
        expect(broken.rows).toEqual([]);

        // Exactly once: each applied operation is one ledger entry (the one the client was told about), each
        // refused one is none, and nothing else is in the ledger.
        const entries = await db.query<{ key: string; id: number }>(
          `SELECT "idempotencyKey" AS "key", "id" FROM "LedgerEntry" WHERE "idempotencyKey" LIKE 'client-%'`,
        );
        const applied = all.filter((record) => record.outcome === "applied");
        expect(new Map(entries.rows.map((entry) => [entry.key, entry.id]))).toEqual(
          new Map(applied.map((record) => [record.key, record.entryId])),
        );
        expect(entries.rows).toHaveLength(applied.length);
        expect(all.filter((record) => record.outcome === "refused").length).toBeGreaterThan(0);
      } finally {
        await db.end();
      }
    } finally {
      await system.stopAll();
    }
  }, 240_000);
});
