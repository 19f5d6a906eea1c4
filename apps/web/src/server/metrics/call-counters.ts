import { callMetrics, successCodes } from "./metric-names.ts";
import type { PrometheusSample } from "./prometheus-text.ts";

/** A histogram bucket as Prometheus counts it: calls that took at most `le` seconds, since the process started. */
export interface Bucket {
  le: number;
  count: number;
}

/** What one scrape says about one procedure: totals since the process started. */
export interface ProcedureCounters {
  calls: number;
  errors: number;
  /** Cumulative, sorted by `le`, ending with +Inf. */
  buckets: Bucket[];
}

/** One scrape of one instance's `/metrics`, reduced to per-procedure call counters. */
export interface CallCounters {
  at: number;
  procedures: Map<string, ProcedureCounters>;
}

/** Picks the call counters and latency histograms out of a scrape, by procedure. */
export function callCountersOf(samples: PrometheusSample[], at: number): CallCounters {
  const procedures = new Map<string, ProcedureCounters>();
  const countersFor = (procedure: string): ProcedureCounters => {
    let counters = procedures.get(procedure);
    if (!counters) {
      counters = { calls: 0, errors: 0, buckets: [] };
      procedures.set(procedure, counters);
    }
    return counters;
  };
  for (const sample of samples) {
    const procedure = sample.labels[callMetrics.procedureLabel];
    if (procedure === undefined) continue;
    if (sample.name === callMetrics.calls) {
      const counters = countersFor(procedure);
      counters.calls += sample.value;
      if (!successCodes.has(sample.labels[callMetrics.codeLabel] ?? "OK")) counters.errors += sample.value;
    } else if (sample.name === `${callMetrics.duration}_bucket`) {
      const le = sample.labels.le === "+Inf" ? Infinity : Number(sample.labels.le);
      if (Number.isNaN(le)) continue;
      addToBucket(countersFor(procedure).buckets, le, sample.value);
    }
  }
  for (const counters of procedures.values()) counters.buckets.sort((a, b) => a.le - b.le);
  return { at, procedures };
}

/** Buckets of the same bound (one series per other label, such as a transport) add up. */
function addToBucket(buckets: Bucket[], le: number, count: number): void {
  const existing = buckets.find((bucket) => bucket.le === le);
  if (existing) existing.count += count;
  else buckets.push({ le, count });
}
