import path from "node:path";
import { createSwitchboard, type Switchboard, silentLogger } from "@switchboard/api/client";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startSystem, type RunningApp } from "../../scripts/lib/processes.ts";
import { runRandomOperations, seededRandom, type OperationRecord } from "../../scripts/lib/shop-workload.ts";

const clientCount = 32;
const operationsPerClient = 1_000;
const accountCount = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the shop under concurrency: two processes on one SQLite file (WAL)", () => {
  it("32 clients × 1,000 random operations, one shop SIGKILLed and restarted midway: every operation applied exactly once or refused, ledger exact", async () => {
    const system = await startSystem();
    const switchboards: Switchboard[] = [];
    try {
      const first = await system.start("shop");
      await system.start("shop");
      const setup = system.switchboard().connect("example.shop.Shop");
      const names = Array.from({ length: accountCount }, (_, index) => `customer-${index}`);
      for (const name of names) {
        const { session } = await setup.signUp.mutate({ name, password: `${name}-password` });
        await setup.deposit.mutate({ session, amountCents: 50_000, idempotencyKey: "opening" });
      }

      // Four clients per account, each with its own connection and session: they race on the same balances.
      const clients = await Promise.all(
        Array.from({ length: clientCount }, async (_, index) => {
          const switchboard = createSwitchboard({ registryUrl: system.registryUrl, log: silentLogger });
          switchboards.push(switchboard);
          const shop = switchboard.connect("example.shop.Shop");
          const name = names[index % accountCount] ?? "";
          const { session } = await shop.logOn.mutate({ name, password: `${name}-password` });
          return { index, shop, session };
        }),
      );

      const total = clientCount * operationsPerClient;
      let completed = 0;
      let killedAfter = 0;
      let restarted: RunningApp | undefined;
      let killing: Promise<void> | undefined;
      const records: OperationRecord[][] = await Promise.all(
        clients.map(({ index, shop, session }) =>
          runRandomOperations({
            shop,
            session,
            operations: operationsPerClient,
            random: seededRandom(index + 1),
            keyPrefix: `client-${index}`,
            onOperation: () => {
              completed++;
              if (!killing && completed >= total / 3) {
                killedAfter = completed;
                killing = (async () => {
                  await first.stop("SIGKILL");
                  await sleep(200);
                  restarted = await system.start("shop");
                })();
              }
            },
          }),
        ),
      );
      await killing;
      const all = records.flat();
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
      for (const switchboard of switchboards) switchboard.close();
      await system.stopAll();
    }
  }, 240_000);
});
