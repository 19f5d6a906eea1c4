import type { AnyRouter } from "@trpc/server";
import type { Registry } from "prom-client";
import {
  byteBuckets,
  durationBuckets,
  FastCounter,
  FastGauge,
  FastHistogram,
  perRegistry,
  type CounterSeries,
  type HistogramSeries,
} from "../../shared/metrics/series.ts";
import type { ProcedureType } from "../procedures.ts";

/** `tcp`: Switchboard's own transport, tRPC's WebSocket messages as JSON lines on an upgraded socket. */
export type ServerTransport = "http" | "ws" | "tcp" | "sse";

/** A label value for a path the router does not have: callers cannot grow the label set with made-up paths. */
export const unknownProcedure = "(unknown)";

const serverMetricsOf = perRegistry((registry: Registry) => ({
  calls: new FastCounter(registry, "switchboard_server_calls_total", "Calls answered, by procedure and outcome code", [
    "procedure",
    "type",
    "transport",
    "code",
  ]),
  duration: new FastHistogram(
    registry,
    "switchboard_server_call_duration_seconds",
    "Time from reading a call to writing its reply",
    ["procedure", "type", "transport"],
    durationBuckets,
  ),
  inFlight: new FastGauge(registry, "switchboard_server_calls_in_flight", "Queries and mutations running now", [
    "transport",
  ]),
  subscriptions: new FastGauge(registry, "switchboard_server_subscriptions", "Subscriptions open now", [
    "procedure",
    "transport",
  ]),
  connections: new FastGauge(
    registry,
    "switchboard_server_connections",
    "Open connections: every TCP connection (http), and those upgraded to WebSocket (ws) or JSON lines (tcp)",
    ["transport"],
  ),
  requestBytes: new FastHistogram(
    registry,
    "switchboard_server_request_bytes",
    "Size of each call's input on the wire",
    ["procedure", "transport"],
    byteBuckets,
  ),
  replyBytes: new FastHistogram(
    registry,
    "switchboard_server_reply_bytes",
    "Size of each reply on the wire",
    ["procedure", "transport"],
    byteBuckets,
  ),
  info: new FastGauge(registry, "switchboard_service_info", "Which service this process serves, and its schema hash", [
    "service",
    "schema_hash",
  ]),
}));

/** The series one procedure on one transport updates, resolved once. */
export interface ProcedureSeries {
  readonly procedure: string;
  readonly type: ProcedureType | "unknown";
  readonly duration: HistogramSeries;
  readonly requestBytes: HistogramSeries;
  readonly replyBytes: HistogramSeries;
  readonly inFlight: CounterSeries;
  /** The call counter for an outcome code; `OK` is kept at hand. */
  callsWith(code: string): CounterSeries;
  readonly ok: CounterSeries;
}

/** The metrics of one served router, recorded into `registry`. */
export function createServerMetrics(registry: Registry, router: AnyRouter) {
  const metrics = serverMetricsOf(registry);
  const procedures = router._def.procedures as Record<string, { _def: { type: ProcedureType } }>;
  const byTransport = new Map<ServerTransport, Map<string, ProcedureSeries>>();

  function seriesOf(transport: ServerTransport, path: string | undefined): ProcedureSeries {
    let perPath = byTransport.get(transport);
    if (!perPath) byTransport.set(transport, (perPath = new Map<string, ProcedureSeries>()));
    const known = path !== undefined && Object.hasOwn(procedures, path);
    const procedure = known ? path : unknownProcedure;
    let series = perPath.get(procedure);
    if (!series) {
      const type = known ? (procedures[procedure]?._def.type ?? "unknown") : "unknown";
      const codes = new Map<string, CounterSeries>();
      const callsWith = (code: string) => {
        let counter = codes.get(code);
        if (!counter) codes.set(code, (counter = metrics.calls.series(procedure, type, transport, code)));
        return counter;
      };
      series = {
        procedure,
        type,
        duration: metrics.duration.series(procedure, type, transport),
        requestBytes: metrics.requestBytes.series(procedure, transport),
        replyBytes: metrics.replyBytes.series(procedure, transport),
        inFlight: metrics.inFlight.series(transport),
        callsWith,
        ok: callsWith("OK"),
      };
      perPath.set(procedure, series);
    }
    return series;
  }

  return {
    seriesOf,
    subscriptions: (transport: ServerTransport, path: string) =>
      metrics.subscriptions.series(Object.hasOwn(procedures, path) ? path : unknownProcedure, transport),
    connections: (transport: "http" | "ws" | "tcp") => metrics.connections.series(transport),
    /** Marks this process as serving `service` at `schemaHash`. */
    identify(service: string, schemaHash: string) {
      metrics.info.series(service, schemaHash).value = 1;
    },
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
