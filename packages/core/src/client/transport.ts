import type { TRPCErrorShape } from "@trpc/server/rpc";

/** One procedure call, as it travels: the same fields in tRPC's HTTP and WebSocket protocols. */
export interface OutgoingCall {
  type: "query" | "mutation";
  path: string;
  input: unknown;
}

/** tRPC's response envelope: data, or the server's formatted error shape. */
export type CallEnvelope = { result: { data: unknown } } | { error: TRPCErrorShape };

/** Moves calls to a service's base URL (`http://host:port`) and brings back tRPC envelopes. */
export interface Transport {
  request(baseUrl: string, call: OutgoingCall, signal?: AbortSignal): Promise<CallEnvelope>;
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
