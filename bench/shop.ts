// npm run bench:shop [-- --json] [-- --operations 6000 --shops 1] [-- --database sqlite|postgres|both]
//
// Money operations per second (random deposits and purchases, each with an idempotency key, each one ledger entry
// in a durable commit) at 1, 8 and 32 concurrent clients, against the target of 2,000/s, from client processes'
// point of view: the shop is its own process, found by name through the registry, over the default WebSocket
// transport. Beside it, the database's own ceiling: the same INSERT … RETURNING issued directly in one process with
// no network hop to a shop, no tRPC and no Prisma (better-sqlite3 on a file; one pg connection to the server).
//
// --database postgres runs the shop on a throwaway PostgreSQL 15 cluster on loopback (scripts/lib/postgres.ts) with
// its durable defaults (fsync, synchronous_commit on); both runs SQLite, then PostgreSQL, and prints them side by side.
import path from "node:path";
import { parseArgs } from "node:util";
import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { openPostgres, openSqlite } from "@switchboard/db";
import { startPostgres } from "../scripts/lib/postgres.ts";
import { freshDataDir, startSystem, type RunningSystem } from "../scripts/lib/processes.ts";
import { runRandomOperations, seededRandom } from "../scripts/lib/shop-workload.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    operations: { type: "string", default: "6000" },
    shops: { type: "string", default: "1" },
    database: { type: "string", default: "sqlite" },
  },
});
const operationsPerLevel = Number(options.operations);
const shopCount = Number(options.shops);
const levels = [1, 8, 32];
const targetPerSecond = 2_000;
/** Statements the ceiling measurements time. */
const ceilingCommits = 3_000;
const databases = { sqlite: ["sqlite"], postgres: ["postgres"], both: ["sqlite", "postgres"] }[options.database] as
  Array<"sqlite" | "postgres"> | undefined;
if (!databases) throw new Error(`--database must be sqlite, postgres or both, not ${options.database}`);
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

interface DatabaseFigures {
  database: "sqlite" | "postgres";
  levels: LevelFigure[];
  ceilingPerSecond: number;
}

const results: DatabaseFigures[] = [];
for (const database of databases) results.push(await benchDatabase(database));
if (results.length === 2) {
  say("side by side (ops/s):");
  for (const [index, clients] of levels.entries()) {
    const [sqlite, postgres] = results.map((result) => result.levels[index]?.operationsPerSecond ?? 0);
    say(
      `  ${String(clients).padStart(2)} clients: SQLite ${Math.round(sqlite ?? 0).toLocaleString("en")}` +
        `  PostgreSQL ${Math.round(postgres ?? 0).toLocaleString("en")}  (${((postgres ?? 0) / (sqlite || 1)).toFixed(2)}×)`,
    );
  }
}
if (options.json) {
  const [first] = results;
  // One database: the shape this bench always printed (sqliteCeilingPerSecond kept for that case).
  console.log(
    JSON.stringify(
      results.length === 1 && first?.database === "sqlite"
        ? { shops: shopCount, levels: first.levels, sqliteCeilingPerSecond: first.ceilingPerSecond }
        : { shops: shopCount, databases: results },
    ),
  );
}

async function benchDatabase(database: "sqlite" | "postgres"): Promise<DatabaseFigures> {
  const cluster = database === "postgres" ? await startPostgres() : undefined;
  const switchboards: Switchboard[] = [];
  const shopDatabaseUrl = cluster ? await cluster.createDatabase("shop") : undefined;
  const system = await startSystem(shopDatabaseUrl ? { SHOP_DATABASE_URL: shopDatabaseUrl } : {});
  try {
    for (let shop = 0; shop < shopCount; shop++) await system.start("shop");
    const where = cluster ? `one PostgreSQL database (127.0.0.1:${cluster.port}, durable)` : "one SQLite file";
    say(`shop bench: ${shopCount} shop process(es) on ${where}, ${operationsPerLevel} operations per level`);
    const figures: LevelFigure[] = [];
    for (const clients of levels) figures.push(await runLevel(system, switchboards, clients));
    const ceiling = cluster ? await postgresCeiling(await cluster.createDatabase("ceiling")) : sqliteCeiling();
    const ceilingName = cluster ? "PostgreSQL" : "SQLite";
    for (const figure of figures) {
      say(
        `  ${String(figure.clients).padStart(2)} clients: ${Math.round(figure.operationsPerSecond).toLocaleString("en")} ops/s` +
          ` (${(figure.operationsPerSecond / targetPerSecond).toFixed(2)}× the 2,000/s target, ` +
          `${((100 * figure.operationsPerSecond) / ceiling).toFixed(0)}% of the ${ceilingName} ceiling)` +
          `  p50 ${figure.p50Ms.toFixed(2)} ms  p99 ${figure.p99Ms.toFixed(2)} ms  refused ${(100 * figure.refusedShare).toFixed(0)}%`,
      );
    }
    say(
      cluster
        ? `  PostgreSQL ceiling (the same INSERT … SELECT … FOR NO KEY UPDATE … RETURNING + trigger, one pg connection, sequential): ${Math.round(ceiling).toLocaleString("en")} commits/s`
        : `  SQLite ceiling (the same INSERT … RETURNING + trigger, better-sqlite3 in-process, each commit synced): ${Math.round(ceiling).toLocaleString("en")} commits/s`,
    );
    return { database, levels: figures, ceilingPerSecond: ceiling };
  } finally {
    for (const switchboard of switchboards.splice(0)) switchboard.close();
    await system.stopAll();
    await cluster?.stop();
  }
}

async function runLevel(system: RunningSystem, switchboards: Switchboard[], clients: number): Promise<LevelFigure> {
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
  // The shop's own kind of connection: migrated, every commit synced (synchronous = FULL).
  const db = openSqlite(`file:${path.join(freshDataDir(), "ceiling.db")}`);
  db.prepare(`INSERT INTO Account (name, passwordHash) VALUES ('ceiling', 'x')`).run();
  const insert = db.prepare(
    `INSERT INTO LedgerEntry (accountId, kind, amountCents, item, idempotencyKey, balanceAfterCents, createdAt)
     SELECT a.id, 'deposit', 1, NULL, ?, a.balanceCents + 1, 0 FROM Account a WHERE a.id = 1
     ON CONFLICT (accountId, idempotencyKey) DO NOTHING RETURNING id`,
  );
  const started = performance.now();
  for (let index = 0; index < ceilingCommits; index++) insert.get(`k${index}`);
  const perSecond = (ceilingCommits / (performance.now() - started)) * 1000;
  db.close();
  return perSecond;
}

/**
 * The same for PostgreSQL: one connection, one autocommitted statement after the other, each a durable commit (a WAL
 * flush each). Concurrent clients share flushes (group commit), so the shop at 32 clients can pass this figure.
 */
async function postgresCeiling(databaseUrl: string): Promise<number> {
  const database = await openPostgres(databaseUrl, { poolSize: 1 });
  try {
    await database.pool.query(`INSERT INTO "Account" ("name", "passwordHash") VALUES ('ceiling', 'x')`);
    const insert = {
      name: "ceiling-insert",
      text: `INSERT INTO "LedgerEntry" ("accountId", "kind", "amountCents", "item", "idempotencyKey", "balanceAfterCents", "createdAt")
        SELECT a."id", 'deposit', 1, NULL, $1::text, a."balanceCents" + 1, 0 FROM "Account" a WHERE a."id" = 1
        FOR NO KEY UPDATE OF a
        ON CONFLICT ("accountId", "idempotencyKey") DO NOTHING RETURNING "id"`,
    };
    const started = performance.now();
    for (let index = 0; index < ceilingCommits; index++)
      await database.pool.query({ ...insert, values: [`k${index}`] });
    return (ceilingCommits / (performance.now() - started)) * 1000;
  } finally {
    await database.close();
  }
}
