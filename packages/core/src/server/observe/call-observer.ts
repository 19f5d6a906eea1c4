import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import { extractTraceContext, switchboardTracer, traceFields, tracingEnabled } from "../../shared/tracing.ts";
import type { CallOutcome } from "../procedures.ts";
import type { ProcedureSeries, ServerMetrics, ServerTransport } from "./server-metrics.ts";

export interface CallObserverOptions {
  /** Where calls are counted; none: metrics are off. */
  metrics?: ServerMetrics;
  /** The service's name for span names and `rpc.service` (its registered name, when it has one). */
  serviceName: () => string;
  /** This instance's base URL, for `url.full` on server spans. */
  instanceUrl: () => string;
}

/** What the caller sent for its trace: W3C trace context, from HTTP headers or a WebSocket message's params. */
export interface TraceCarrier {
  traceparent?: unknown;
  tracestate?: unknown;
  [field: string]: unknown;
}

/** One call being served: its metrics, and its server span when tracing is on. */
export class ObservedCall {
  private readonly startedAt = performance.now();
  private readonly span: Span | undefined;
  private readonly spanContext: Context | undefined;

  constructor(
    private readonly series: ProcedureSeries | undefined,
    options: CallObserverOptions,
    transport: ServerTransport,
    path: string | undefined,
    requestBytes: number,
    private readonly carrier: TraceCarrier | undefined,
  ) {
    if (series) {
      series.inFlight.value++;
      series.requestBytes.observe(requestBytes);
    }
    if (tracingEnabled()) {
      ({ span: this.span, spanContext: this.spanContext } = startServerSpan(
        options,
        transport,
        path ?? "(unknown)",
        carrier,
      ));
    }
  }

  /** Runs the procedure inside the call's span, so its own spans and log lines join the trace. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.spanContext ? context.with(this.spanContext, work) : work();
  }

  /** `trace_id`/`span_id` for this call's log lines, when the caller or this process traces it. */
  logFields(): Record<string, string> | undefined {
    return traceFields(this.span, this.carrier?.traceparent);
  }

  /** Records the outcome: once, after the reply was written (`replyBytes` long). */
  end(outcome: CallOutcome, replyBytes: number): void {
    const code = outcome.ok ? "OK" : outcome.cause.code;
    const { series, span } = this;
    if (series) {
      series.inFlight.value--;
      (outcome.ok ? series.ok : series.callsWith(code)).value++;
      series.duration.observe((performance.now() - this.startedAt) / 1000);
      series.replyBytes.observe(replyBytes);
    }
    if (span) {
      span.setAttribute("rpc.response.code", code);
      if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
      span.end();
    }
  }
}

/**
 * One subscription being served, when tracing is on: a SERVER span from its start to its end, continuing the
 * subscriber's trace, with the procedure (its setup and every value it yields) running inside it.
 */
export class ObservedSubscription {
  private readonly span: Span;
  private readonly spanContext: Context;

  constructor(
    options: CallObserverOptions,
    transport: ServerTransport,
    path: string,
    carrier: TraceCarrier | undefined,
  ) {
    ({ span: this.span, spanContext: this.spanContext } = startServerSpan(options, transport, path, carrier, {
      "switchboard.subscription": true,
    }));
  }

  run<T>(work: () => T): T {
    return context.with(this.spanContext, work);
  }

  /** The stream ended: by the procedure, the subscriber, or an error (its message). */
  end(errorMessage?: string): void {
    if (errorMessage !== undefined) this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage });
    this.span.end();
  }
}

/** Starts observing calls of one served router. */
export function createCallObserver(options: CallObserverOptions) {
  return {
    start(
      transport: ServerTransport,
      path: string | undefined,
      requestBytes: number,
      carrier?: TraceCarrier,
    ): ObservedCall {
      return new ObservedCall(
        options.metrics?.seriesOf(transport, path),
        options,
        transport,
        path,
        requestBytes,
        carrier,
      );
    },
    /** A span for a subscription, or undefined when tracing is off. */
    startSubscription(
      transport: ServerTransport,
      path: string,
      carrier?: TraceCarrier,
    ): ObservedSubscription | undefined {
      return tracingEnabled() ? new ObservedSubscription(options, transport, path, carrier) : undefined;
    },
    metrics: options.metrics,
  };
}

export type CallObserver = ReturnType<typeof createCallObserver>;

/** A SERVER span for `path`, continuing the caller's trace, and the context to run its work in. */
function startServerSpan(
  options: CallObserverOptions,
  transport: ServerTransport,
  path: string,
  carrier: TraceCarrier | undefined,
  extraAttributes: Record<string, boolean> = {},
): { span: Span; spanContext: Context } {
  const parent = parentContextOf(carrier);
  const service = options.serviceName();
  const span = switchboardTracer().startSpan(
    `${service}/${path}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "rpc.system": "trpc",
        "rpc.service": service,
        "rpc.method": path,
        "switchboard.transport": transport,
        ...extraAttributes,
        "url.full": options.instanceUrl(),
      },
    },
    parent,
  );
  return { span, spanContext: trace.setSpan(parent, span) };
}

/** The caller's trace context from what it sent, or a new trace when it sent none. */
function parentContextOf(carrier: TraceCarrier | undefined): Context {
  if (typeof carrier?.traceparent !== "string") return ROOT_CONTEXT;
  const tracestate = typeof carrier.tracestate === "string" ? carrier.tracestate : undefined;
  return extractTraceContext({ traceparent: carrier.traceparent, tracestate });
}
