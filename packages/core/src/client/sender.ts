import type { CombinedDataTransformer } from "@trpc/server";
import type { TRPCErrorShape } from "@trpc/server/rpc";
import { TRPCClientError } from "@trpc/client";
import { combinedTransformer } from "./codec.ts";
import { retrySafetyFromServices, type RetrySafety } from "./retry-safety.ts";
import { TransportError, type CallEnvelope, type OutgoingCall, type Transport } from "./transport.ts";
import { context, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { Registry } from "prom-client";
import { injectTraceContext, switchboardTracer, tracingEnabled } from "../shared/tracing.ts";
import { senderMetrics, type SenderMetrics } from "./client-metrics.ts";

/** Where calls go: a fixed URL, a name's live instances, or the instances carrying some tags. */
export interface CallTarget {
  /** What the target is called in error messages: a URL, a service name, tags. */
  readonly description: string;
  /** The base URL for the next call; the signal bounds any lookup this needs. */
  pick(signal?: AbortSignal): Promise<string>;
  /** The instance at `url` failed at the transport level: stop sending calls there. */
  failed(url: string): void;
  /**
   * A call to `url` ran out of time there. Optional: a service instance slower than one call's budget stays in use,
   * but a registry that does not answer in time (hung, or cut off by a partition) is passed over by the next call.
   */
  timedOut?(url: string): void;
}

/** How one call may be bounded (the caller's abort signal and/or a timeout), and who hears which instance answered. */
export interface CallLimits {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called with the base URL of the instance that answered (with data or an error), before the call settles. */
  onAnswer?: (url: string) => void;
}

/** A call as the caller makes it: its input is the plain value, before any transformer. */
export interface Call {
  type: "query" | "mutation";
  path: string;
  input: unknown;
}

/** Sends one call and resolves with its data, or rejects with a `TRPCClientError` carrying tRPC's error shape. */
export type Sender = (call: Call, limits?: CallLimits) => Promise<unknown>;

export interface SenderOptions {
  target: CallTarget;
  transport: Transport;
  /** How many instances one call may try before it fails (default 3). */
  maxAttempts?: number;
  /** Default timeout of every call, in milliseconds, covering resolution and connecting too (none by default). */
  timeoutMs?: number;
  /** The router's transformer (superjson, say), when it has one. */
  transformer?: CombinedDataTransformer;
  /** Whether a dropped call may be sent again (default: as the services declare at `GET /describe`). */
  retrySafety?: RetrySafety;
  /** Where calls, failovers and retries are counted (`switchboard_client_*`); none: not counted. */
  metrics?: Registry;
  /** The transport's name, for spans (`switchboard.transport`). */
  transportName?: string;
  /** Make a client span per call and send the trace on (default true; the registry's own traffic is not traced). */
  traced?: boolean;
}

/**
 * Sends calls to the target's current instance. When the connection fails, the instance is dropped and the call goes
 * to another one — always if the request was never sent; if it may have been, only when it is safe to repeat (a
 * query, or a mutation its service declares idempotent). The timeout bounds the whole call: resolving the name,
 * connecting, every attempt.
 */
export function createSender(options: SenderOptions): Sender {
  const { target, transport, maxAttempts = 3, timeoutMs } = options;
  const transformer = options.transformer ?? combinedTransformer(undefined);
  const retrySafety = options.retrySafety ?? retrySafetyFromServices();
  const metrics = options.metrics && senderMetrics(options.metrics, target.description);
  const traced = options.traced ?? true;

  return async function send(call, limits = {}) {
    const startedAt = performance.now();
    const budgetMs = limits.timeoutMs ?? timeoutMs;
    const signal = combineLimits(limits.signal, budgetMs);
    const outgoing: OutgoingCall & { plainInput: unknown } = {
      type: call.type,
      path: call.path,
      input: call.input === undefined ? undefined : transformer.input.serialize(call.input),
      plainInput: call.input,
    };
    const span = traced && tracingEnabled() ? startCallSpan(outgoing) : undefined;
    try {
      const { envelope, url } = await attempt(outgoing, signal, span);
      limits.onAnswer?.(url);
      span?.setAttribute("server.address", url);
      if ("error" in envelope) {
        const shape: TRPCErrorShape = transformer.output.deserialize(envelope.error) as TRPCErrorShape;
        throw TRPCClientError.from({ error: shape });
      }
      const data: unknown = transformer.output.deserialize(envelope.result.data);
      if (metrics) record(metrics, call.path, startedAt, "OK");
      span?.end();
      return data;
    } catch (error) {
      const failure =
        signal?.aborted && isTimeout(signal.reason)
          ? timeoutError(call, budgetMs)
          : error instanceof TRPCClientError
            ? error
            : TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
      const code = (failure.data as { code?: string } | undefined)?.code ?? "UNREACHABLE";
      if (metrics) record(metrics, call.path, startedAt, code);
      if (span) {
        span.setAttribute("rpc.response.code", code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        span.end();
      }
      throw failure;
    }
  };

  /** A CLIENT span for one call, its context written into the call for the transport to carry (`traceparent`). */
  function startCallSpan(call: OutgoingCall): Span {
    const span = switchboardTracer().startSpan(`${target.description}/${call.path}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "rpc.system": "trpc",
        "rpc.service": target.description,
        "rpc.method": call.path,
        ...(options.transportName ? { "switchboard.transport": options.transportName } : {}),
      },
    });
    const carrier: Record<string, string> = {};
    injectTraceContext(carrier, trace.setSpan(context.active(), span));
    call.traceparent = carrier.traceparent;
    call.tracestate = carrier.tracestate;
    return span;
  }

  async function attempt(
    call: OutgoingCall & { plainInput: unknown },
    signal: AbortSignal | undefined,
    span: Span | undefined,
  ) {
    let lastError: TransportError | undefined;
    let url = await target.pick(signal);
    for (let attempt = 1; ; attempt++) {
      let envelope: CallEnvelope;
      try {
        envelope = await transport.request(url, call, signal);
        span?.setAttribute("switchboard.attempts", attempt);
        return { envelope, url };
      } catch (error) {
        if (signal?.aborted && isTimeout(signal.reason)) target.timedOut?.(url);
        if (signal?.aborted || !(error instanceof TransportError)) throw error;
        target.failed(url);
        lastError = error;
        span?.addEvent("switchboard.failover", {
          "url.full": url,
          "error.message": error.message,
          "switchboard.sent": error.sent,
        });
      }
      span?.setAttribute("switchboard.attempts", attempt);
      if (attempt >= maxAttempts) break;
      url = await target.pick(signal).catch((error: unknown) => {
        throw failure(call, target, lastError, error);
      });
      // Asked of the instance the call would go to next: the one that dropped it may be gone.
      if (lastError.sent && !(await retrySafety(call, url, signal))) break;
      if (metrics) {
        metrics.failovers.value++;
        if (lastError.sent) metrics.retries.value++;
      }
    }
    throw failure(call, target, lastError, undefined);
  }
}

function record(metrics: SenderMetrics, path: string, startedAt: number, code: string): void {
  const series = metrics.procedure(path);
  (code === "OK" ? series.ok : series.callsWith(code)).value++;
  series.duration.observe((performance.now() - startedAt) / 1000);
}

function failure(call: OutgoingCall, target: CallTarget, lastError: TransportError | undefined, cause: unknown) {
  const why = lastError?.message ?? (cause instanceof Error ? cause.message : "no instance answered");
  return new TRPCClientError(`${call.path} on ${target.description} failed: ${why}`, {
    cause: lastError ?? (cause instanceof Error ? cause : undefined),
  });
}

function combineLimits(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

export function isTimeout(reason: unknown): boolean {
  return reason instanceof DOMException && reason.name === "TimeoutError";
}

/** tRPC's TIMEOUT error (HTTP 408), as if the server had answered it, so callers handle one error type. */
function timeoutError(call: Call, timeoutMs: number | undefined): TRPCClientError<never> {
  const message = `${call.path} timed out${timeoutMs === undefined ? "" : ` after ${timeoutMs} ms`}`;
  return TRPCClientError.from({
    error: { code: -32008, message, data: { code: "TIMEOUT", httpStatus: 408, path: call.path } },
  });
}

/** A target that is always the same base URL. */
export function fixedTarget(url: string): CallTarget {
  return { description: url, pick: () => Promise.resolve(url), failed: () => undefined };
}
