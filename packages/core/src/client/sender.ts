import type { CombinedDataTransformer } from "@trpc/server";
import type { TRPCErrorShape } from "@trpc/server/rpc";
import { TRPCClientError } from "@trpc/client";
import { combinedTransformer } from "./codec.ts";
import { retrySafetyFromServices, type RetrySafety } from "./retry-safety.ts";
import { TransportError, type CallEnvelope, type OutgoingCall, type Transport } from "./transport.ts";

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

  return async function send(call, limits = {}) {
    const budgetMs = limits.timeoutMs ?? timeoutMs;
    const signal = combineLimits(limits.signal, budgetMs);
    const outgoing: OutgoingCall & { plainInput: unknown } = {
      type: call.type,
      path: call.path,
      input: call.input === undefined ? undefined : transformer.input.serialize(call.input),
      plainInput: call.input,
    };
    try {
      const { envelope, url } = await attempt(outgoing, signal);
      limits.onAnswer?.(url);
      if ("error" in envelope) {
        const shape: TRPCErrorShape = transformer.output.deserialize(envelope.error) as TRPCErrorShape;
        throw TRPCClientError.from({ error: shape });
      }
      const data: unknown = transformer.output.deserialize(envelope.result.data);
      return data;
    } catch (error) {
      if (signal?.aborted && isTimeout(signal.reason)) throw timeoutError(call, budgetMs);
      if (error instanceof TRPCClientError) throw error;
      throw TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
    }
  };

  async function attempt(call: OutgoingCall & { plainInput: unknown }, signal: AbortSignal | undefined) {
    let lastError: TransportError | undefined;
    let url = await target.pick(signal);
    for (let attempt = 1; ; attempt++) {
      let envelope: CallEnvelope;
      try {
        envelope = await transport.request(url, call, signal);
        return { envelope, url };
      } catch (error) {
        if (signal?.aborted && isTimeout(signal.reason)) target.timedOut?.(url);
        if (signal?.aborted || !(error instanceof TransportError)) throw error;
        target.failed(url);
        lastError = error;
      }
      if (attempt >= maxAttempts) break;
      url = await target.pick(signal).catch((error: unknown) => {
        throw failure(call, target, lastError, error);
      });
      // Asked of the instance the call would go to next: the one that dropped it may be gone.
      if (lastError.sent && !(await retrySafety(call, url, signal))) break;
    }
    throw failure(call, target, lastError, undefined);
  }
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
