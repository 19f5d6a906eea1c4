// Load held while a fault is injected: a few callers, each calling in a loop, every call recorded with its times and
// outcome. From the records: how many failed, how long the longest took, and when calls answered normally again.

export interface CallRecord {
  startedAt: number;
  endedAt: number;
  ok: boolean;
  error?: string;
}

export interface CallLoad {
  /** Stops the callers after their current call and returns every record. */
  stop(): Promise<CallRecord[]>;
  /** Records so far. */
  readonly records: CallRecord[];
}

/** `callers` loops of `call`, each waiting `pauseMs` between calls (0: back to back). */
export function startCallLoad(call: () => Promise<unknown>, callers: number, pauseMs = 0): CallLoad {
  const records: CallRecord[] = [];
  let running = true;
  const loops = Array.from({ length: callers }, async () => {
    while (running) {
      const startedAt = performance.now();
      try {
        await call();
        records.push({ startedAt, endedAt: performance.now(), ok: true });
      } catch (error) {
        records.push({ startedAt, endedAt: performance.now(), ok: false, error: messageOf(error) });
      }
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    records,
    async stop() {
      running = false;
      await Promise.all(loops);
      return records;
    },
  };
}

export interface LoadSummary {
  calls: number;
  failed: number;
  /** The first distinct failure messages, for a person reading the table. */
  failures: string[];
  /**
   * From the fault (performance.now() time) until calls answered normally again: the end of the first successful
   * call that started after the last failed or slow one (slow: over `slowMs`). 0 when nothing failed or slowed.
   */
  recoveryMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(records: CallRecord[], faultAt: number, slowMs = 1_000): LoadSummary {
  const durations = records.map((record) => record.endedAt - record.startedAt).sort((a, b) => a - b);
  const failed = records.filter((record) => !record.ok);
  const troubled = records.filter(
    (record) => record.endedAt >= faultAt && (!record.ok || record.endedAt - record.startedAt > slowMs),
  );
  let recoveryMs = 0;
  if (troubled.length > 0) {
    const lastTrouble = Math.max(...troubled.map((record) => record.startedAt));
    const healed = records
      .filter((record) => record.ok && record.startedAt > lastTrouble)
      .sort((a, b) => a.endedAt - b.endedAt)[0];
    recoveryMs = (healed?.endedAt ?? Math.max(...troubled.map((record) => record.endedAt))) - faultAt;
  }
  return {
    calls: records.length,
    failed: failed.length,
    failures: [...new Set(failed.map((record) => record.error ?? "?"))].slice(0, 3),
    recoveryMs: Math.max(0, recoveryMs),
    p50Ms: percentile(durations, 0.5),
    p99Ms: percentile(durations, 0.99),
    maxMs: durations.at(-1) ?? 0,
  };
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 160);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes; resolves with how long it took, or undefined. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await Promise.resolve(check()).catch(() => false)) return performance.now() - started;
    await sleep(50);
  }
  return undefined;
}
