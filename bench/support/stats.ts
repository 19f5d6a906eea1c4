// Small helpers the benchmarks share.

/** The value at `fraction` (0.5 = median) of samples sorted ascending, rounded. */
export function percentile(sorted: number[], fraction: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN);
}

/** Runs `run(0 … count-1)` with `concurrency` calls in flight. */
export async function inBatches(count: number, concurrency: number, run: (index: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 12345 → "12,345" */
export const thousands = (value: number) => Math.round(value).toLocaleString("en-US");
