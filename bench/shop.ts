// npm run bench:shop [-- --json] [-- --operations 6000 --shops 1]
//
// Money operations per second (random deposits and purchases, each with an idempotency key, each one ledger entry
// committed to SQLite) at 1, 8 and 32 concurrent clients, against the target of 2,000/s, from client processes'
// point of view: the shop is its own process, found by name through the registry, over the default WebSocket
// transport. Beside it, the ceiling: the same INSERT … RETURNING on the same kind of database file, issued by
// better-sqlite3 directly in one process with no network, no tRPC and no Prisma.
import path from "node:path";
import { parseArgs } from "node:util";
import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { applyMigrations } from "@switchboard/db";
import Database from "better-sqlite3";
import { freshDataDir, startSystem } from "../scripts/lib/processes.ts";
import { runRandomOperations, seededRandom } from "../scripts/lib/shop-workload.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    operations: { type: "string", default: "6000" },
    shops: { type: "string", default: "1" },
  },
});
const operationsPerLevel = Number(options.operations);
const shopCount = Number(options.shops);
const levels = [1, 8, 32];
const targetPerSecond = 2_000;
const say = (line: string) => {
  if (!options.json) console.log(line);
};

interface LevelFigure {
  clients: number;
  operationsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  refusedShare: number;
}

const system = await startSystem();
const switchboards: Switchboard[] = [];
try {
  for (let shop = 0; shop < shopCount; shop++) await system.start("shop");
  say(`shop bench: ${shopCount} shop process(es) on one SQLite file, ${operationsPerLevel} operations per level`);
  const figures: LevelFigure[] = [];
  for (const clients of levels) figures.push(await runLevel(clients));
  const ceiling = sqliteCeiling();
  for (const figure of figures) {
    say(
      `  ${String(figure.clients).padStart(2)} clients: ${Math.round(figure.operationsPerSecond).toLocaleString("en")} ops/s` +
        ` (${(figure.operationsPerSecond / targetPerSecond).toFixed(2)}× the 2,000/s target, ` +
        `${((100 * figure.operationsPerSecond) / ceiling).toFixed(0)}% of the SQLite ceiling)` +
        `  p50 ${figure.p50Ms.toFixed(2)} ms  p99 ${figure.p99Ms.toFixed(2)} ms  refused ${(100 * figure.refusedShare).toFixed(0)}%`,
    );
  }
  say(
    `  SQLite ceiling (the same INSERT … RETURNING + trigger, better-sqlite3 in-process): ${Math.round(ceiling).toLocaleString("en")} commits/s`,
  );
  if (options.json) console.log(JSON.stringify({ shops: shopCount, levels: figures, sqliteCeilingPerSecond: ceiling }));
} finally {
  for (const switchboard of switchboards) switchboard.close();
  await system.stopAll();
}

async function runLevel(clients: number): Promise<LevelFigure> {
  // Each client its own connection, session and account, so the figure is the shop's, not one row's contention.
  const sessions = await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      const switchboard = createSwitchboard({ registryUrl: system.registryUrl });
      switchboards.push(switchboard);
      const shop = switchboard.connect("example.shop.Shop");
      const name = `bench-${clients}-${index}`;
      const { session } = await shop.signUp.mutate({ name, password: `${name}-password` });
      await shop.deposit.mutate({ session, amountCents: 1_000_000 });
      // Warm the connection and the statement paths before timing.
      for (let warmup = 0; warmup < 20; warmup++) await shop.balance.query({ session });
      return { shop, session, index };
    }),
  );
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    sessions.map(async ({ shop, session, index }) => {
      let last = performance.now();
      const records = await runRandomOperations({
        shop,
        session,
        operations: Math.ceil(operationsPerLevel / clients),
        random: seededRandom(index + 1),
        keyPrefix: `bench-${clients}-${index}`,
        onOperation: () => {
          const now = performance.now();
          latencies.push(now - last);
          last = now;
        },
      });
      const failed = records.find((record) => record.outcome === "failed");
      if (failed) throw new Error(`operation failed: ${failed.error}`);
      refused += records.filter((record) => record.outcome === "refused").length;
    }),
  );
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? 0;
  return {
    clients,
    operationsPerSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    refusedShare: refused / latencies.length,
  };
}

/** Commits per second of the ledger INSERT alone: what SQLite allows on this disk with this schema. */
function sqliteCeiling(): number {
  const file = path.join(freshDataDir(), "ceiling.db");
  applyMigrations(file);
  const db = new Database(file);
  db.prepare(`INSERT INTO Account (name, passwordHash) VALUES ('ceiling', 'x')`).run();
  const insert = db.prepare(
    `INSERT INTO LedgerEntry (accountId, kind, amountCents, item, idempotencyKey, balanceAfterCents, createdAt)
     SELECT a.id, 'deposit', 1, NULL, ?, a.balanceCents + 1, 0 FROM Account a WHERE a.id = 1
     ON CONFLICT (accountId, idempotencyKey) DO NOTHING RETURNING id`,
  );
  const count = 3_000;
  const started = performance.now();
  for (let index = 0; index < count; index++) insert.get(`k${index}`);
  const perSecond = (count / (performance.now() - started)) * 1000;
  db.close();
  return perSecond;
}
