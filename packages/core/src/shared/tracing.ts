import {
  context,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type SpanKind,
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

/** `trace_id` and `span_id` of the call running now, when it is traced: for log lines and error reports of your own. */
export function activeTraceFields(): Record<string, string> | undefined {
  return traceFields(trace.getActiveSpan());
}

/**
 * Runs `work` inside a child span of the current one (a database statement, a call to another system), when tracing
 * is on; otherwise just runs it. A failure marks the span as an error and is rethrown unchanged.
 */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  work: () => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return work();
  return switchboardTracer().startActiveSpan(name, options, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
