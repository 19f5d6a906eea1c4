import type { Registry } from "prom-client";
import { createMetricsRegistry, prometheusContentType } from "../shared/metrics/registry.ts";
import {
  durationBuckets,
  FastCounter,
  FastHistogram,
  perRegistry,
  type CounterSeries,
  type HistogramSeries,
} from "../shared/metrics/series.ts";
import { metricsText } from "../server/observe/metrics-endpoint.ts";

// Kept on globalThis: a bundler (Next's server build) may load this module more than once, and every copy must count
// into the one registry the process serves.
const registryKey = Symbol.for("switchboard.clientMetrics");

/**
 * The registry every switchboard of the process records its calls into, unless given another
 * (`createSwitchboard({ metrics })`). Serve it, or merge it with your own: `Registry.merge([clientMetrics, mine])`.
 */
export const clientMetrics: Registry = ((globalThis as { [registryKey]?: Registry })[registryKey] ??=
  createMetricsRegistry());

const metricsOf = perRegistry((registry: Registry) => ({
  calls: new FastCounter(registry, "switchboard_client_calls_total", "Calls made, by service, procedure and outcome", [
    "service",
    "procedure",
    "code",
  ]),
  duration: new FastHistogram(
    registry,
    "switchboard_client_call_duration_seconds",
    "Whole calls: resolving the name, connecting, every attempt",
    ["service", "procedure"],
    durationBuckets,
  ),
  failovers: new FastCounter(
    registry,
    "switchboard_client_failovers_total",
    "Calls moved to another instance after a transport failure",
    ["service"],
  ),
  retries: new FastCounter(
    registry,
    "switchboard_client_retries_total",
    "Calls sent again to another instance though the first may have run them (queries, idempotent mutations)",
    ["service"],
  ),
  resolve: new FastHistogram(
    registry,
    "switchboard_client_resolve_duration_seconds",
    "Lookups of a name or tags at the registry (cache misses)",
    ["result"],
    durationBuckets,
  ),
}));

/** The series one procedure of one target updates, resolved once. */
export interface ClientProcedureSeries {
  duration: HistogramSeries;
  ok: CounterSeries;
  callsWith(code: string): CounterSeries;
}

/** What one sender records: per procedure of its target, plus failovers and retries. */
export function senderMetrics(registry: Registry, service: string) {
  const metrics = metricsOf(registry);
  const byPath = new Map<string, ClientProcedureSeries>();
  return {
    procedure(path: string): ClientProcedureSeries {
      let series = byPath.get(path);
      if (!series) {
        const codes = new Map<string, CounterSeries>();
        const callsWith = (code: string) => {
          let counter = codes.get(code);
          if (!counter) codes.set(code, (counter = metrics.calls.series(service, path, code)));
          return counter;
        };
        series = { duration: metrics.duration.series(service, path), ok: callsWith("OK"), callsWith };
        byPath.set(path, series);
      }
      return series;
    },
    failovers: metrics.failovers.series(service),
    retries: metrics.retries.series(service),
  };
}

export type SenderMetrics = ReturnType<typeof senderMetrics>;

/** Records how long one registry lookup took and how it ended. */
export function recordLookup(registry: Registry, seconds: number, result: "found" | "not_found" | "unreachable"): void {
  metricsOf(registry).resolve.series(result).observe(seconds);
}

/**
 * Prometheus text of this process's calls (`registry`, default `clientMetrics`) and the process itself (CPU, memory,
 * event loop, GC): what a process that serves no router — a web app's server — answers at its own `/metrics`.
 */
export async function clientMetricsText(
  registry: Registry = clientMetrics,
): Promise<{ contentType: string; text: string }> {
  return { contentType: prometheusContentType, text: await metricsText(registry) };
}
