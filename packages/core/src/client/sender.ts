import { TRPCClientError } from "@trpc/client";
import { TransportError, type OutgoingCall, type Transport } from "./transport.ts";

/** Where calls go: a fixed URL, or the live instances of a name. */
export interface CallTarget {
  /** What the target is called in error messages: a URL or a service name. */
  readonly description: string;
  /** The base URL for the next call. */
  pick(): Promise<string>;
  /** The instance at `url` failed at the transport level: stop sending calls there. */
  failed(url: string): void;
}

/** How one call may be bounded (the caller's abort signal and/or a timeout), and who hears which instance answered. */
export interface CallLimits {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called with the base URL of the instance that answered (with data or an error), before the call settles. */
  onAnswer?: (url: string) => void;
}

/** Sends one call and resolves with its data, or rejects with a `TRPCClientError` carrying tRPC's error shape. */
export type Sender = (call: OutgoingCall, limits?: CallLimits) => Promise<unknown>;

export interface SenderOptions {
  target: CallTarget;
  transport: Transport;
  /** How many instances one call may try before it fails (default 3). */
  maxAttempts?: number;
  /** Default timeout of every call, in milliseconds (none by default). */
  timeoutMs?: number;
}

/**
 * Sends calls to the target's current instance. When the connection fails, the instance is dropped and the call goes
 * to another one — always if the request was never sent, and even if it was for queries and for mutations that carry
 * an `idempotencyKey` (the service applies a key once and answers a repeat with the first result).
 */
export function createSender({ target, transport, maxAttempts = 3, timeoutMs }: SenderOptions): Sender {
  return async function send(call, limits = {}) {
    const signal = combineLimits(limits.signal, limits.timeoutMs ?? timeoutMs);
    try {
      return await attempt(call, signal, limits.onAnswer);
    } catch (error) {
      if (signal?.aborted && isTimeout(signal.reason)) throw timeoutError(call, limits.timeoutMs ?? timeoutMs);
      throw error;
    }
  };

  async function attempt(
    call: OutgoingCall,
    signal: AbortSignal | undefined,
    onAnswer: ((url: string) => void) | undefined,
  ): Promise<unknown> {
    let lastError: TransportError | undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const url = await target.pick();
      let envelope;
      try {
        envelope = await transport.request(url, call, signal);
      } catch (error) {
        if (signal?.aborted || !(error instanceof TransportError)) {
          throw TRPCClientError.from(error instanceof Error ? error : new Error(String(error)));
        }
        target.failed(url);
        lastError = error;
        if (error.sent && !isSafeToRepeat(call)) break;
        continue;
      }
      onAnswer?.(url);
      if ("error" in envelope) throw TRPCClientError.from(envelope);
      return envelope.result.data;
    }
    throw new TRPCClientError(
      `${call.path} on ${target.description} failed: ${lastError?.message ?? "no instance answered"}`,
      {
        cause: lastError,
      },
    );
  }
}

/** Whether sending the call again could not do its work twice. */
function isSafeToRepeat(call: OutgoingCall): boolean {
  if (call.type === "query") return true;
  const input = call.input as { idempotencyKey?: unknown } | null | undefined;
  return typeof input === "object" && input !== null && typeof input.idempotencyKey === "string";
}

function combineLimits(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof DOMException && reason.name === "TimeoutError";
}

/** tRPC's TIMEOUT error (HTTP 408), as if the server had answered it, so callers handle one error type. */
function timeoutError(call: OutgoingCall, timeoutMs: number | undefined): TRPCClientError<never> {
  const message = `${call.path} timed out${timeoutMs === undefined ? "" : ` after ${timeoutMs} ms`}`;
  return TRPCClientError.from({
    error: { code: -32008, message, data: { code: "TIMEOUT", httpStatus: 408, path: call.path } },
  });
}

/** A target that is always the same base URL. */
export function fixedTarget(url: string): CallTarget {
  return { description: url, pick: () => Promise.resolve(url), failed: () => undefined };
}
