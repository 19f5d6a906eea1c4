/**
 * The clock a registry measures leases with: wall-clock time that stands still while the registry itself could not
 * run. A registry frozen for longer than a lease (SIGSTOP, a paused VM, a long GC or swap stall) received no
 * heartbeats meanwhile, through no fault of the services: on the real clock, its first act on waking — the sweep, or
 * a lookup — expired every lease, before the heartbeats queued in its sockets were read, and clients were told
 * "unknown name" for live services until each registered again. On this clock the frozen time does not count.
 *
 * A gap is noticed on the first reading after it (so the order in which overdue timers and queued requests run does
 * not matter); `start()` reads it every `tickMs` so that only a real stall makes a gap.
 */
export function leaseClock(options: { tickMs?: number; stallMs?: number; source?: () => number } = {}) {
  const tickMs = options.tickMs ?? 100;
  // A gap this much longer than a tick is a stall (not just a busy event loop).
  const stallMs = options.stallMs ?? 1_000;
  const source = options.source ?? Date.now;
  let lastReading = source();
  let frozenMs = 0;
  let lastOutput = -Infinity;
  let ticker: ReturnType<typeof setInterval> | undefined;

  function now(): number {
    const real = source();
    const gap = real - lastReading;
    if (gap > stallMs) frozenMs += gap - tickMs;
    lastReading = Math.max(lastReading, real);
    // A wall clock set back does not bring expired leases back to life, nor renew them for less.
    lastOutput = Math.max(lastOutput, real - frozenMs);
    return lastOutput;
  }

  return {
    now,
    /** Total time not counted so far. */
    frozenMs: () => frozenMs,
    /** Reads the clock every tick (unref'd: it keeps no process alive). */
    start() {
      ticker ??= setInterval(now, tickMs);
      ticker.unref();
    },
    stop() {
      clearInterval(ticker);
      ticker = undefined;
    },
  };
}
