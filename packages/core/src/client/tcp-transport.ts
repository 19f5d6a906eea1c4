import { createHttpTransport } from "./http-transport.ts";
import { LineChannel, LineUpgradeRefused } from "./line-channel.ts";
import type { Transport } from "./transport.ts";
import {
  createMessageTransport,
  openWebSocket,
  type SocketFactory,
  type WebSocketTransportOptions,
} from "./ws-transport.ts";

/** Past this a reply line ends the connection, as `ws` does for a message over its default `maxPayload` (100 MiB). */
const maxReplyLineBytes = 100 * 1024 * 1024;

/**
 * Calls over Switchboard's TCP transport: one persistent socket per service, upgraded from HTTP on the service's port
 * and then carrying tRPC's messages one JSON line each (see `shared/line-framing.ts`) — the WebSocket protocol's
 * messages without its framing and masking. The first calls to a service go over plain HTTP while its socket opens,
 * so a new client pays one request, not a handshake and then a request. A service that refuses the upgrade (a stock
 * tRPC server) is spoken to over WebSocket from then on.
 */
export function createTcpTransport(options: WebSocketTransportOptions = {}): Transport {
  const speaksWebSocketOnly = new Set<string>();
  const openSocket: SocketFactory = (url, headers) => {
    if (speaksWebSocketOnly.has(url)) return openWebSocket(url, headers);
    const channel = new LineChannel(url, { headers, maxLineBytes: maxReplyLineBytes });
    channel.on("error", (error) => error instanceof LineUpgradeRefused && speaksWebSocketOnly.add(url));
    return channel;
  };
  return createMessageTransport({
    ...options,
    openSocket,
    whileOpening: createHttpTransport({ headers: options.headers }),
  });
}
