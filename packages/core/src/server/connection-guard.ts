import type http from "node:http";
import type { Duplex } from "node:stream";
import type { ConnectionLimits } from "./limits.ts";

/** The JSON of a refusal, in tRPC's error shape, so any tRPC client reads the code and the message. */
export type RefusalBody = (code: "SERVICE_UNAVAILABLE", message: string) => string;

/**
 * Counts the TCP connections of `server`, in all and per client address, and answers one past either cap with a
 * plain `503` before reading anything from it — a flood of half-open sockets (slowloris) from one address cannot
 * take the slots every other client needs. The counts end when the socket closes.
 */
export function guardConnections(
  server: http.Server,
  limits: Required<Pick<ConnectionLimits, "maxConnections" | "maxConnectionsPerAddress">>,
  refusalBody: RefusalBody,
) {
  let open = 0;
  const perAddress = new Map<string, number>();
  const refused = new WeakSet<Duplex>();

  server.on("connection", (socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const fromAddress = perAddress.get(address) ?? 0;
    const reason =
      open >= limits.maxConnections
        ? `the server has ${open} connections open, its limit (maxConnections ${limits.maxConnections}): try again later`
        : fromAddress >= limits.maxConnectionsPerAddress
          ? `${address} has ${fromAddress} connections open, the limit per address (maxConnectionsPerAddress ${limits.maxConnectionsPerAddress})`
          : undefined;
    if (reason) {
      refused.add(socket);
      refuseRaw(socket, 503, refusalBody("SERVICE_UNAVAILABLE", reason));
      return;
    }
    open++;
    perAddress.set(address, fromAddress + 1);
    socket.once("close", () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });

  return {
    /** True for a socket already answered 503: its request (if any arrives) is not served. */
    isRefused: (socket: Duplex) => refused.has(socket),
    /** Connections counted now. */
    openConnections: () => open,
  };
}

const statusText: Record<number, string> = { 503: "Service Unavailable" };

/**
 * Answers a raw socket (before or instead of an HTTP exchange or a WebSocket upgrade) with `status` and a JSON body,
 * then closes it once written. Errors on it are expected (the peer may be gone) and ignored.
 */
export function refuseRaw(socket: Duplex, status: number, body: string): void {
  socket.on("error", () => undefined);
  const head = [
    `HTTP/1.1 ${status} ${statusText[status] ?? "Refused"}`,
    "connection: close",
    "retry-after: 1",
    "content-type: application/json",
    `content-length: ${Buffer.byteLength(body)}`,
  ].join("\r\n");
  // Not destroyed as soon as it is written: a reset would make the peer's kernel drop the answer it has not read yet
  // (a busy peer may take a while). The peer closes on reading it; one that never reads is cut off after 5 s.
  socket.end(`${head}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), 5_000).unref();
}
