/** How large one call may be on the wire, in bytes; the same on every path (HTTP single and batch, WebSocket). */
export interface CallSizeLimits {
  /** A request body or WebSocket message over this is answered PAYLOAD_TOO_LARGE and never run (default 1 MiB). */
  maxRequestBytes?: number;
  /** A reply over this is replaced by a PAYLOAD_TOO_LARGE error naming the cap (default 16 MiB). */
  maxReplyBytes?: number;
}

export const defaultMaxRequestBytes = 1024 * 1024;
export const defaultMaxReplyBytes = 16 * 1024 * 1024;

export function resolveLimits(limits: CallSizeLimits = {}): Required<CallSizeLimits> {
  return {
    maxRequestBytes: limits.maxRequestBytes ?? defaultMaxRequestBytes,
    maxReplyBytes: limits.maxReplyBytes ?? defaultMaxReplyBytes,
  };
}

/** "1 MiB", "512 KiB", "300 bytes": a limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
