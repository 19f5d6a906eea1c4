import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startSystem } from "../../scripts/lib/processes.ts";
import { runCrashWorkload } from "../../scripts/lib/shop-crash-workload.ts";

const clientCount = 32;
const operationsPerClient = 1_000;
const accountCount = 8;

describe("the shop under concurrency: two processes on one SQLite file (WAL)", () => {
  it("32 clients × 1,000 random operations, one shop SIGKILLed and restarted midway: every operation applied exactly once or refused, ledger exact", async () => {
    const system = await startSystem();
    try {
      const first = await system.start("shop");
      await system.start("shop");
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

      const db = new Database(path.join(system.dataDir, "shop.db"), { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        const accounts = db
          .prepare(
            `SELECT a.name, a.balanceCents AS balance,
                 SUM(CASE e.kind WHEN 'deposit' THEN e.amountCents ELSE -e.amountCents END) AS ledger,
                 MIN(e.balanceAfterCents) AS lowest
               FROM Account a JOIN LedgerEntry e ON e.accountId = a.id GROUP BY a.id`,
          )
          .all() as Array<{ name: string; balance: number; ledger: number; lowest: number }>;
        expect(accounts).toHaveLength(accountCount);
        for (const account of accounts) {
          expect(account.balance).toBe(account.ledger);
          expect(account.lowest).toBeGreaterThanOrEqual(0);
        }
        // Exactly once: each applied operation is one ledger entry (the one the client was told about), each
        // refused one is none, and nothing else is in the ledger.
        const entries = db
          .prepare(`SELECT idempotencyKey AS key, id FROM LedgerEntry WHERE idempotencyKey LIKE 'client-%'`)
          .all() as Array<{ key: string; id: number }>;
        const applied = all.filter((record) => record.outcome === "applied");
        expect(new Map(entries.map((entry) => [entry.key, entry.id]))).toEqual(
          new Map(applied.map((record) => [record.key, record.entryId])),
        );
        expect(entries).toHaveLength(applied.length);
        expect(all.filter((record) => record.outcome === "refused").length).toBeGreaterThan(0);
      } finally {
        db.close();
      }
    } finally {
      await system.stopAll();
    }
  }, 240_000);
});
