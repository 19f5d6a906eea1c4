import type { AnyRouter } from "@trpc/server";
import { formatBytes } from "./limits.ts";
import { envelopeOf, transportError, type CallOutcome, type Envelope } from "./procedures.ts";

/**
 * One call's reply as JSON text, with its envelope wrapped by the transport (`wrap` adds the WebSocket id). A reply
 * over `maxReplyBytes` becomes a PAYLOAD_TOO_LARGE error naming the cap: one oversized answer must not exhaust the
 * server's memory or the client's, and the caller learns why.
 */
export function encodeReply(
  router: AnyRouter,
  outcome: CallOutcome,
  maxReplyBytes: number,
  path: string | undefined,
  wrap: (envelope: Envelope) => object = (envelope) => envelope,
): { text: string; outcome: CallOutcome } {
  const text = JSON.stringify(wrap(envelopeOf(router, outcome)));
  // A UTF-8 byte is at least one and at most three UTF-16 units: count bytes only when the length leaves a doubt.
  if (text.length * 3 <= maxReplyBytes || Buffer.byteLength(text) <= maxReplyBytes) return { text, outcome };
  const refused = transportError(
    router,
    "PAYLOAD_TOO_LARGE",
    `the reply of ${path ?? "this call"} exceeds the reply limit of ${formatBytes(maxReplyBytes)}`,
    path,
  );
  return { text: JSON.stringify(wrap(envelopeOf(router, refused))), outcome: refused };
}
