import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

/** What `startTracing` reads: the validated `tracingEnv` variables of an app's env.ts. */
export interface TracingConfig {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_SERVICE_NAME?: string;
}

export interface Tracing {
  /** Sends the spans still buffered now. */
  flush(): Promise<void>;
  /** Sends the spans still buffered and stops exporting: call it last on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Installs OpenTelemetry tracing for this process when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: a tracer provider that
 * batches spans to that collector, W3C trace-context propagation, and an AsyncLocalStorage context manager so the
 * spans of one call nest across `await`s. Unset: installs nothing, so Switchboard's spans stay no-ops and cost nothing.
 * Call it before `serve()` or `connect()`.
 */
export function startTracing(serviceName: string, env: TracingConfig): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "");
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }), { scheduledDelayMillis: 1_000 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);
  return { flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}
