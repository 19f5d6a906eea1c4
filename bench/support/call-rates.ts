// How bench:greeter turns a call into figures: calls/s one after another, calls/s with N callers in flight.

/** One call of the greeter (or of an echo standing in for it); resolves with the answer. */
export type Call = () => Promise<unknown>;

export interface Figure {
  callsPerSecond: number;
  microsPerCall: number;
}

/** Calls one after another for `seconds`, after 300 warm-up calls. */
export async function sequential(call: Call, seconds: number): Promise<Figure> {
  for (let warmup = 0; warmup < 300; warmup++) await call();
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    await call();
    calls++;
  }
  return figure(calls, performance.now() - started);
}

/** `callers` loops calling at once for `seconds`, after one warm-up call each. */
export async function concurrent(call: Call, seconds: number, callers: number): Promise<Figure> {
  await Promise.all(Array.from({ length: callers }, () => call()));
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        await call();
        calls++;
      }
    }),
  );
  return figure(calls, performance.now() - started);
}

export function figure(calls: number, elapsedMs: number): Figure {
  return {
    callsPerSecond: Math.round((calls / elapsedMs) * 1000),
    microsPerCall: Math.round((elapsedMs * 1000) / calls),
  };
}

/** The median round by calls/s. */
export function medianFigure(figures: Figure[]): Figure {
  const sorted = [...figures].sort((a, b) => a.callsPerSecond - b.callsPerSecond);
  return sorted[Math.floor(sorted.length / 2)] as Figure;
}

/** The median of millisecond samples, to two decimals. */
export function medianMs(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.floor(sorted.length / 2)] as number).toFixed(2));
}

/** Runs `sample` `count` times one after another and returns the median milliseconds of what it timed. */
export async function medianOf(count: number, sample: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) samples.push(await sample());
  return medianMs(samples);
}
