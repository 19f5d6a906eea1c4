import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { AnyRouter, TRPCError } from "@trpc/server";
import { WebSocketServer } from "ws";
import type { CreateContext } from "./context.ts";
import { describeRouter, type ServiceDescription } from "./describe.ts";
import { createTrpcHttpHandler, trpcBasePath } from "./http-handler.ts";
import { guardConnections, refuseRaw } from "./connection-guard.ts";
import { resolveLimits, type ServerLimits } from "./limits.ts";
import { inFlight } from "./in-flight.ts";
import { envelopeOf, transportError } from "./procedures.ts";
import { handleTrpcWebSockets } from "./ws-handler.ts";
import type { Registry } from "prom-client";
import { createMetricsRegistry, prometheusContentType } from "../shared/metrics/registry.ts";
import { createCallObserver } from "./observe/call-observer.ts";
import { createServerMetrics } from "./observe/server-metrics.ts";
import { metricsText } from "./observe/metrics-endpoint.ts";
import { isLineUpgrade, LineSocket } from "./line-socket.ts";

export interface ServeRouterOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext: CreateContext<unknown>;
  host: string;
  /** 0 picks a free port; the chosen one is in the returned `url`. */
  port: number;
  /** Extra fields for `GET /health`, such as the service name. */
  health?: () => Record<string, unknown>;
  /** Request and reply caps of every call, on every path, and what the server holds open for its clients. */
  limits?: ServerLimits;
  onError?: (error: TRPCError, path: string | undefined, logFields?: Record<string, string>) => void;
  /** The service's name: in `/describe`, span names and `switchboard_service_info`. */
  name?: string;
  /** Serve `GET /describe` (default true); false answers 404, and clients treat every mutation as not repeatable. */
  describe?: boolean;
  /**
   * `GET /metrics`: Switchboard's metrics are recorded into this prom-client registry (default: a new one per
   * server), served together with the process's metrics; false turns the endpoint and the recording off.
   */
  metrics?: Registry | false;
}

export interface ServingRouter {
  server: http.Server;
  /** The base URL to advertise, e.g. `http://127.0.0.1:4001`: tRPC is at `/trpc` over HTTP and WebSocket. */
  url: string;
  /** What `GET /describe` answers; undefined when reflection is off. */
  description: ServiceDescription | undefined;
  /** The registry Switchboard records this server's metrics into; undefined when metrics are off. */
  metrics: Registry | undefined;
  /** Stops taking calls, lets the running ones answer (up to `drainMs`, default 10 s), then closes every connection. */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** Messages past this multiple of the request cap are not even buffered: ws closes the connection (1009). */
const hardMessageLimitFactor = 4;

/**
 * Serves a router on one port: tRPC over HTTP at `/trpc/<path>`, tRPC over WebSocket and over Switchboard's TCP
 * transport (an HTTP upgrade to JSON lines) at `/trpc`, `GET /health`, and
 * `GET /describe` (the procedures and what each declares, such as retry safety).
 */
export async function serveRouter<TRouter extends AnyRouter>(
  options: ServeRouterOptions<TRouter>,
): Promise<ServingRouter> {
  const { router, createContext, onError } = options;
  const limits = resolveLimits(options.limits);
  const description = options.describe === false ? undefined : describeRouter(router, options.name);
  const descriptionText = description && JSON.stringify(description);
  const metricsRegistry = options.metrics === false ? undefined : (options.metrics ?? createMetricsRegistry());
  const metrics = metricsRegistry && createServerMetrics(metricsRegistry, router);
  if (metrics && description && options.name) metrics.identify(options.name, description.schemaHash);
  let baseUrl = "";
  const observer = createCallObserver({
    metrics,
    serviceName: () => options.name ?? "service",
    instanceUrl: () => baseUrl,
  });
  const handleTrpc = createTrpcHttpHandler({ router, createContext, limits, onError, observer });
  // Requests whose response has not finished, so a shutdown can wait for them.
  const httpCalls = inFlight();
  const server = http.createServer(
    {
      // Slowloris: a request whose headers (or whole body) trickle in is answered 408 and closed. Node checks these
      // every connectionsCheckingInterval (30 s by default, far longer than the timeouts themselves).
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 2)),
    },
    (req, res) => {
      // Already answered 503 by the connection guard: nothing more is served on this socket.
      if (connections.isRefused(req.socket)) return;
      res.once("close", httpCalls.start());
      const url = req.url ?? "/";
      if (url.startsWith(trpcBasePath)) return handleTrpc(req, res);
      if (url === "/health" && req.method === "GET") return sendJson(res, 200, { status: "ok", ...options.health?.() });
      if (url === "/describe" && req.method === "GET" && descriptionText) return sendJson(res, 200, descriptionText);
      if (url === "/metrics" && req.method === "GET" && metricsRegistry) return void sendMetrics(res, metricsRegistry);
      sendJson(res, 404, { error: `not found: ${req.method} ${url.slice(0, 200)}` });
    },
  );
  const refusalBody = (code: "SERVICE_UNAVAILABLE", message: string) =>
    JSON.stringify(envelopeOf(router, transportError(router, code, message)));
  const connections = guardConnections(server, limits, refusalBody);
  if (metrics) {
    const openTcp = metrics.connections("http");
    server.on("connection", (socket: Socket) => {
      openTcp.value++;
      socket.once("close", () => openTcp.value--);
    });
  }
  // Keep idle keep-alive connections longer than clients' agents do, so a reused socket is never closed under them.
  server.keepAliveTimeout = 65_000;

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // Messages between the cap and this are answered PAYLOAD_TOO_LARGE (the connection and its other calls live on).
    maxPayload: limits.maxRequestBytes * hardMessageLimitFactor,
  });
  const wsCalls = handleTrpcWebSockets({ wss, router, createContext, limits, onError, observer });
  // Switchboard's TCP transport: the same messages as the WebSocket, as JSON lines on the upgraded socket.
  const lineSockets = new Set<LineSocket>();
  server.on("upgrade", (req, socket, head) => {
    if (connections.isRefused(req.socket)) return;
    if (req.url?.split("?")[0] !== "/trpc") {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    const openSockets = wss.clients.size + lineSockets.size;
    if (openSockets >= limits.maxWebSockets) {
      const message = `the server has ${openSockets} WebSocket and TCP-transport connections open, its limit (maxWebSockets ${limits.maxWebSockets}): try again later`;
      refuseRaw(socket, 503, refusalBody("SERVICE_UNAVAILABLE", message));
      return;
    }
    if (isLineUpgrade(req)) {
      const lines = new LineSocket(socket, head, limits.maxRequestBytes * hardMessageLimitFactor);
      lineSockets.add(lines);
      lines.on("close", () => lineSockets.delete(lines));
      wss.emit("connection", lines, req);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep accept queue: a burst of connections (a flood, or many clients at once) waits to be accepted — and is
    // answered, 503 past the caps — instead of overflowing Node's default 511, which resets some of them unanswered.
    server.listen({ port: options.port, host: options.host, backlog: 4_096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;

  baseUrl = `http://${host}:${port}`;

  return {
    server,
    url: baseUrl,
    description,
    metrics: metricsRegistry,
    async close({ drainMs = 10_000 } = {}) {
      // No new connections; HTTP requests in progress finish, and each keep-alive socket closes once it is idle.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idleSweep = setInterval(() => server.closeIdleConnections(), 25);
      server.closeIdleConnections();
      wsCalls.endSubscriptions();
      handleTrpc.endStreams();
      const drainTimer = new Promise((resolve) => setTimeout(resolve, drainMs).unref());
      await Promise.race([Promise.all([wsCalls.drained(), httpCalls.drained()]), drainTimer]);
      clearInterval(idleSweep);
      server.closeAllConnections();
      for (const client of [...wss.clients, ...lineSockets]) client.close(1001, "server shutting down");
      wss.close();
      await closed;
    },
  };
}

/** Prometheus text: this server's metrics and the process's. */
async function sendMetrics(res: http.ServerResponse, registry: Registry): Promise<void> {
  try {
    const text = await metricsText(registry);
    res.writeHead(200, { "content-type": prometheusContentType, "content-length": Buffer.byteLength(text) });
    res.end(text);
  } catch (error) {
    sendJson(res, 500, { error: `metrics failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
