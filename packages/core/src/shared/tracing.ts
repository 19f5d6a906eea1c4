import {
  context,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Span,
  type Tracer,
} from "@opentelemetry/api";

/**
 * Switchboard's side of OpenTelemetry: the API only. Spans are recorded and exported only when the process installed
 * an SDK (`startTracing()` of `@switchboard/service`, or any OpenTelemetry set-up of your own); until then every check
 * here is one comparison and nothing is allocated per call.
 */
const noopProvider = new ProxyTracerProvider().getDelegate();
let tracer: Tracer | undefined;

/** True once a real tracer provider is registered globally. */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return (provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider) !== noopProvider;
}

export function switchboardTracer(): Tracer {
  return (tracer ??= trace.getTracer("@switchboard/core"));
}

/** The W3C trace context of `from` (`traceparent`, `tracestate`), written into `carrier` by the global propagator. */
export function injectTraceContext(carrier: Record<string, string>, from: Context = context.active()): void {
  propagation.inject(from, carrier);
}

/** The context a caller sent: the parent of a server span. */
export function extractTraceContext(carrier: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}

const traceparentPattern = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/**
 * `trace_id` and `span_id` for a log line: of `span` when there is one, else of the caller's `traceparent` (a caller
 * may trace while this process does not, and its trace id still ties the lines together).
 */
export function traceFields(span: Span | undefined, traceparent?: unknown): Record<string, string> | undefined {
  const spanContext = span?.spanContext();
  if (spanContext && trace.isSpanContextValid(spanContext))
    return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
  if (typeof traceparent !== "string") return undefined;
  const match = traceparentPattern.exec(traceparent.trim());
  return match ? { trace_id: match[1] as string, span_id: match[2] as string } : undefined;
}
