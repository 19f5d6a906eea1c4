// The workload of the shop's crash tests, on any database: accounts opened, many clients racing on them with random
// keyed deposits and purchases, and one shop process SIGKILLed a third of the way through and started again.
import { createSwitchboard, silentLogger, type Switchboard } from "@switchboard/api/client";
import type { RunningApp, RunningSystem } from "./processes.ts";
import { runRandomOperations, seededRandom, type OperationRecord } from "./shop-workload.ts";

export interface CrashWorkloadOptions {
  system: RunningSystem;
  /** The shop process to SIGKILL midway (another one keeps serving meanwhile). */
  victim: RunningApp;
  clientCount: number;
  operationsPerClient: number;
  accountCount: number;
  /**
   * What happens to the victim a third of the way through; resolves with the shop started in its place, if any.
   * Default: SIGKILL, then a new shop process 200 ms later.
   */
  fault?: (victim: RunningApp) => Promise<RunningApp | undefined>;
}

export interface CrashWorkloadResult {
  /** What every operation did, as its client saw it. */
  records: OperationRecord[];
  total: number;
  /** How many operations had completed when the victim was killed. */
  killedAfter: number;
  /** The shop started in the victim's place. */
  restarted: RunningApp | undefined;
  /** performance.now() when the fault began. */
  faultAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the workload to its end and reports it; the checks against the ledger are the caller's, per database. */
export async function runCrashWorkload(options: CrashWorkloadOptions): Promise<CrashWorkloadResult> {
  const { system, victim, clientCount, operationsPerClient, accountCount } = options;
  const fault =
    options.fault ??
    (async (app: RunningApp) => {
      await app.stop("SIGKILL");
      await sleep(200);
      return system.start("shop");
    });
  const setup = system.switchboard().connect("example.shop.Shop");
  const names = Array.from({ length: accountCount }, (_, index) => `customer-${index}`);
  for (const name of names) {
    const { session } = await setup.signUp.mutate({ name, password: `${name}-password` });
    await setup.deposit.mutate({ session, amountCents: 50_000, idempotencyKey: "opening" });
  }

  const switchboards: Switchboard[] = [];
  try {
    // Several clients per account, each with its own connection and session: they race on the same balances.
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
    let faultAt = 0;
    let restarted: RunningApp | undefined;
    let killing: Promise<void> | undefined;
    const records = await Promise.all(
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
              faultAt = performance.now();
              killing = (async () => {
                restarted = await fault(victim);
              })();
            }
          },
        }),
      ),
    );
    await killing;
    return { records: records.flat(), total, killedAfter, restarted, faultAt };
  } finally {
    for (const switchboard of switchboards) switchboard.close();
  }
}
