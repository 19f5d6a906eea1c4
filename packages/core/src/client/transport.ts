import type { TRPCErrorShape } from "@trpc/server/rpc";

/** One procedure call, as it travels: the same fields in tRPC's HTTP and WebSocket protocols. */
export interface OutgoingCall {
  type: "query" | "mutation";
  path: string;
  /** Already serialized by the router's transformer, when it has one. */
  input: unknown;
  /** The caller's W3C trace context, when the call is traced: an HTTP header, or a field of the WebSocket message. */
  traceparent?: string;
  tracestate?: string;
}

/** tRPC's response envelope: data, or the server's formatted error shape (both still serialized). */
export type CallEnvelope = { result: { data: unknown } } | { error: TRPCErrorShape };

/** A subscription to open on one instance; `lastEventId` resumes after the last tracked event seen. */
export interface SubscriptionRequest {
  path: string;
  input: unknown;
  lastEventId?: string;
  /** The W3C trace context of whoever opened the subscription. */
  traceparent?: string;
  tracestate?: string;
}

/** What one instance's subscription reports. Exactly one of `onError`, `onStopped`, `onDropped` ends it. */
export interface SubscriptionListener {
  onStarted(): void;
  /** One value, still serialized; `trackedId` is set for values the procedure yielded with `tracked(id, …)`. */
  onData(event: SubscriptionData): void;
  /** The service refused or failed it (its error shape, still serialized): final. */
  onError(error: unknown): void;
  /** The procedure ended its stream: final. */
  onStopped(): void;
  /** The connection was lost or the instance is going away: resume elsewhere. */
  onDropped(error: TransportError): void;
}

/**
 * One subscription value as a transport received it. tRPC's WebSocket protocol sends a tracked value as
 * `{ id, data }` already (`wrapped`); its SSE protocol sends the bare data with the id as the event's id.
 */
export interface SubscriptionData {
  data: unknown;
  trackedId: string | undefined;
  wrapped: boolean;
}

/** Moves calls to a service's base URL (`http://host:port`) and brings back tRPC envelopes. */
export interface Transport {
  request(baseUrl: string, call: OutgoingCall, signal?: AbortSignal): Promise<CallEnvelope>;
  /** Opens a subscription on one instance; returns a function that stops it. */
  subscribe(baseUrl: string, request: SubscriptionRequest, listener: SubscriptionListener): () => void;
  /** Closes every connection; the transport reopens them if used again. */
  close(): void;
}

/**
 * The call never produced an answer because the connection failed. `sent` says whether the request may have reached
 * the server: when false it certainly did not, so even a mutation is safe to send elsewhere.
 */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    message: string,
    readonly url: string,
    readonly sent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `http://host:port` → `ws://host:port/trpc` (and https → wss). */
export function webSocketUrlOf(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, "ws").replace(/\/+$/, "")}/trpc`;
}

/** `http://host:port` → `http://host:port/trpc`. */
export function httpTrpcUrlOf(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/trpc`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return "code" in error && typeof error.code === "string" ? error.code : error.message;
  return String(error);
}

/** `promise`, or the signal's reason as soon as it aborts (the listener is removed once either happens). */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
