import { setTimeout as sleep } from "node:timers/promises";

/** How long a movement waits for another process's write lock before it fails, as the Prisma connection waits. */
const lockBudgetMs = 10_000;

/**
 * Runs one synchronous better-sqlite3 call, and while another process holds the file's write lock (SQLITE_BUSY)
 * runs it again after a pause, up to 10 s. better-sqlite3 waits for a lock inside the call, blocking this process's
 * event loop: when the other shop was frozen holding the lock (SIGSTOP, a stalled VM), this one stopped answering
 * anything, its heartbeats too, its lease ran out, and clients were told the name was unknown. The plain connection
 * waits only a few milliseconds inside the call (`busyTimeoutMs`); longer waits happen here, between tries, with
 * the event loop free. A try that met the lock changed nothing, so trying again is safe; each try still runs
 * synchronously, so nothing else in this process runs between a movement's check and its write.
 */
export async function whileLocked<T>(run: () => T): Promise<T> {
  const deadline = performance.now() + lockBudgetMs;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 50)) {
    try {
      return run();
    } catch (error) {
      if (!isBusy(error) || performance.now() + pauseMs > deadline) throw error;
    }
    await sleep(pauseMs);
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === "SQLITE_BUSY";
}
