// Faults of the shop under the money workload of its crash tests (scripts/lib/shop-crash-workload.ts: accounts,
// racing clients with keyed deposits and purchases, the fault a third of the way through): SIGKILL and SIGSTOP of
// one of two shops on SQLite and on PostgreSQL, and its SQLite file moved away or made unwritable. The data check is
// the ledger itself (ledger-check.ts).
import { renameSync } from "node:fs";
import path from "node:path";
import { startPostgres } from "../postgres.ts";
import { startSystem, type RunningApp, type RunningSystem } from "../processes.ts";
import { runCrashWorkload } from "../shop-crash-workload.ts";
import { sleep, summarize } from "./call-load.ts";
import { seconds, type ChaosRow, type ChaosSize } from "./chaos-row.ts";
import { makeUnwritable, makeWritable } from "./file-faults.ts";
import { checkPostgresLedger, checkSqliteLedger, type LedgerCheck } from "./ledger-check.ts";
import { freeze } from "./process-faults.ts";

const leaseMs = 2_000;
const shopEnv = { SWITCHBOARD_LEASE_TTL_MS: String(leaseMs) };

const sizes = {
  short: { clientCount: 8, operationsPerClient: 120, accountCount: 4 },
  full: { clientCount: 32, operationsPerClient: 500, accountCount: 8 },
};

type Fault = (victim: RunningApp, system: RunningSystem) => Promise<RunningApp | undefined>;

const killed: Fault = async (victim, system) => {
  await victim.stop("SIGKILL");
  await sleep(200);
  return system.start("shop", shopEnv);
};
const frozen: Fault = async (victim) => {
  await freeze(victim.child, 2 * leaseMs);
  return undefined;
};

async function shopRun(options: {
  fault: string;
  size: ChaosSize;
  database: "SQLite" | "PostgreSQL";
  shops: 1 | 2;
  inject: Fault;
  /** Operations that may fail while the fault lasts (their outcome unknown to the client, checked in the ledger). */
  failuresExpected: boolean;
}): Promise<ChaosRow> {
  const cluster = options.database === "PostgreSQL" ? await startPostgres({ fast: true }) : undefined;
  try {
    const databaseUrl = await cluster?.createDatabase("shop");
    const system = await startSystem(databaseUrl ? { SHOP_DATABASE_URL: databaseUrl } : {});
    try {
      const shops = await Promise.all(Array.from({ length: options.shops }, () => system.start("shop", shopEnv)));
      const victim = shops[0] as RunningApp;
      const workload = sizes[options.size];
      const result = await runCrashWorkload({
        system,
        victim,
        ...workload,
        fault: (app) => options.inject(app, system),
      });
      const calls = result.records.map((record) => ({ ...record, ok: record.outcome !== "failed" }));
      const summary = summarize(calls, result.faultAt);
      const ledger: LedgerCheck = databaseUrl
        ? await checkPostgresLedger(databaseUrl, result.records)
        : checkSqliteLedger(path.join(system.dataDir, "shop.db"), result.records);
      return {
        fault: options.fault,
        load: `${workload.clientCount} clients × ${workload.operationsPerClient} money ops, ${options.shops} shop${options.shops === 2 ? "s" : ""} (${options.database})`,
        calls: summary.calls,
        failed: summary.failed,
        recovery: summary.recoveryMs === 0 ? "none needed" : seconds(summary.recoveryMs),
        check: ledger.detail,
        ok: ledger.ok && (options.failuresExpected || summary.failed === 0),
        failures: summary.failures,
      };
    } finally {
      await system.stopAll();
    }
  } finally {
    await cluster?.stop();
  }
}

export const shopKilled = (size: ChaosSize, database: "SQLite" | "PostgreSQL" = "SQLite") =>
  shopRun({
    fault: `shop SIGKILL (1 of 2, ${database}), another started`,
    size,
    database,
    shops: 2,
    inject: killed,
    failuresExpected: false,
  });

export const shopFrozen = (size: ChaosSize, database: "SQLite" | "PostgreSQL" = "SQLite") =>
  shopRun({
    fault: `shop SIGSTOP ${seconds(2 * leaseMs)} (1 of 2, ${database}, 2 leases)`,
    size,
    database,
    shops: 2,
    inject: frozen,
    failuresExpected: true,
  });

/** The shop's SQLite file moved away for `ms`, then back (as a mistaken `mv`, or a volume briefly detached). */
export const databaseMovedAway = (size: ChaosSize, ms = 1_500) =>
  shopRun({
    fault: `shop.db moved away ${seconds(ms)}, then back`,
    size,
    database: "SQLite",
    shops: 1,
    inject: async (victim, system) => {
      const file = path.join(system.dataDir, "shop.db");
      renameSync(file, `${file}.away`);
      await sleep(ms);
      renameSync(`${file}.away`, file);
      return undefined;
    },
    failuresExpected: true,
  });

/** The shop's SQLite file and WAL made unwritable for `ms` (immutable: a read-only remount looks the same). */
export const databaseUnwritable = (size: ChaosSize, ms = 1_500) =>
  shopRun({
    fault: `shop.db unwritable ${seconds(ms)}, then writable`,
    size,
    database: "SQLite",
    shops: 1,
    inject: async (_victim, system) => {
      const file = path.join(system.dataDir, "shop.db");
      await makeUnwritable(file);
      try {
        await sleep(ms);
      } finally {
        await makeWritable(file);
      }
      return undefined;
    },
    failuresExpected: true,
  });
