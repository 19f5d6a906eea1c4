/** How large one call may be on the wire, in bytes; the same on every path (HTTP single and batch, WebSocket). */
export interface CallSizeLimits {
  /** A request body or WebSocket message over this is answered PAYLOAD_TOO_LARGE and never run (default 1 MiB). */
  maxRequestBytes?: number;
  /** A reply over this is replaced by a PAYLOAD_TOO_LARGE error naming the cap (default 16 MiB). */
  maxReplyBytes?: number;
}

/**
 * What one server holds open for its clients, so that abusive ones (slowloris, floods of idle sockets or streams, a
 * client that never reads its replies) are refused clearly instead of exhausting memory and file descriptors.
 */
export interface ConnectionLimits {
  /** TCP connections open at once (HTTP and WebSocket); the next is answered 503 and closed (default 10,000). */
  maxConnections?: number;
  /** The same, from one client address: one abuser cannot take every slot (default 1,000). */
  maxConnectionsPerAddress?: number;
  /** WebSocket connections open at once; the next upgrade is answered 503 (default 5,000). */
  maxWebSockets?: number;
  /** Open SSE streams (subscriptions over HTTP); the next is answered 503 SERVICE_UNAVAILABLE (default 1,000). */
  maxStreams?: number;
  /** A request's headers must arrive within this, or it is answered 408 and closed: slowloris (default 10 s). */
  headersTimeoutMs?: number;
  /** The whole request (headers and body) must arrive within this (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * Reply bytes a WebSocket may have queued, unread by its client; past it the connection is closed with 1008 and a
   * reason, rather than buffered without end (default 32 MiB: two replies of the largest size).
   */
  maxBufferedBytes?: number;
}

/** Every cap of one server. */
export type ServerLimits = CallSizeLimits & ConnectionLimits;

export const defaultMaxRequestBytes = 1024 * 1024;
export const defaultMaxReplyBytes = 16 * 1024 * 1024;

export const defaultConnectionLimits: Required<ConnectionLimits> = {
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1_000,
  maxWebSockets: 5_000,
  maxStreams: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxBufferedBytes: 32 * 1024 * 1024,
};

export function resolveLimits(limits: ServerLimits = {}): Required<ServerLimits> {
  const defined = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  return {
    maxRequestBytes: defaultMaxRequestBytes,
    maxReplyBytes: defaultMaxReplyBytes,
    ...defaultConnectionLimits,
    ...defined,
  };
}

/** "1 MiB", "512 KiB", "300 bytes": a limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
