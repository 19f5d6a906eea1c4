import type { Bucket, CallCounters, ProcedureCounters } from "./call-counters.ts";

/** One point of a procedure's live chart: what happened between two scrapes. */
export interface CallPoint {
  /** End of the interval, ms since the epoch. */
  at: number;
  /** Calls per second. */
  rate: number;
  /** Latency quantiles in milliseconds; null when there were no calls in the interval. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Share of the interval's calls that failed, 0–1; null when there were none. */
  errorRate: number | null;
}

/** Per procedure, one point per pair of consecutive scrapes, oldest first. */
export function callSeriesOf(scrapes: readonly CallCounters[]): Map<string, CallPoint[]> {
  const series = new Map<string, CallPoint[]>();
  for (let index = 1; index < scrapes.length; index++) {
    const before = scrapes[index - 1]!;
    const after = scrapes[index]!;
    const seconds = (after.at - before.at) / 1000;
    if (seconds <= 0) continue;
    for (const [procedure, counters] of after.procedures) {
      const point = pointBetween(before.procedures.get(procedure), counters, seconds, after.at);
      if (!point) continue;
      const points = series.get(procedure) ?? [];
      points.push(point);
      series.set(procedure, points);
    }
  }
  return series;
}

function pointBetween(
  before: ProcedureCounters | undefined,
  after: ProcedureCounters,
  seconds: number,
  at: number,
): CallPoint | undefined {
  const start = before ?? { calls: 0, errors: 0, buckets: [] };
  const calls = after.calls - start.calls;
  // Counters only fall when the process behind the URL restarted: that interval says nothing.
  if (calls < 0) return undefined;
  const buckets = after.buckets.map((bucket) => ({
    le: bucket.le,
    count: bucket.count - (start.buckets.find((old) => old.le === bucket.le)?.count ?? 0),
  }));
  return {
    at,
    rate: calls / seconds,
    p50Ms: toMs(quantile(buckets, 0.5)),
    p99Ms: toMs(quantile(buckets, 0.99)),
    errorRate: calls > 0 ? Math.min(1, Math.max(0, (after.errors - start.errors) / calls)) : null,
  };
}

function toMs(seconds: number | null): number | null {
  return seconds === null ? null : seconds * 1000;
}

/**
 * Prometheus's histogram_quantile: the bucket the q-th call falls in, interpolated linearly inside it. A rank in the
 * +Inf bucket answers the highest finite bound (all that is known). Null when the buckets count no calls.
 */
export function quantile(buckets: readonly Bucket[], q: number): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return inBucket <= 0 ? bucket.le : lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
