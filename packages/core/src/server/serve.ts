import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AnyRouter, TRPCError } from "@trpc/server";
import { WebSocketServer } from "ws";
import type { CreateContext } from "./context.ts";
import { createTrpcHttpHandler, trpcBasePath } from "./http-handler.ts";
import { handleTrpcWebSockets } from "./ws-handler.ts";

export interface ServeRouterOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext: CreateContext<unknown>;
  host: string;
  /** 0 picks a free port; the chosen one is in the returned `url`. */
  port: number;
  /** Extra fields for `GET /health`, such as the service name. */
  health?: () => Record<string, unknown>;
  onError?: (error: TRPCError, path: string | undefined) => void;
}

export interface ServingRouter {
  server: http.Server;
  /** The base URL to advertise, e.g. `http://127.0.0.1:4001`: tRPC is at `/trpc` over HTTP and WebSocket. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a router on one port: tRPC over HTTP at `/trpc/<path>`, tRPC over WebSocket at `/trpc`, and `/health`.
 */
export async function serveRouter<TRouter extends AnyRouter>(
  options: ServeRouterOptions<TRouter>,
): Promise<ServingRouter> {
  const { router, createContext, onError } = options;
  const handleTrpc = createTrpcHttpHandler({ router, createContext, onError });
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith(trpcBasePath)) return handleTrpc(req, res);
    if (url === "/health" && req.method === "GET") return sendJson(res, 200, { status: "ok", ...options.health?.() });
    sendJson(res, 404, { error: `not found: ${req.method} ${url}` });
  });
  // Keep idle keep-alive connections longer than clients' agents do, so a reused socket is never closed under them.
  server.keepAliveTimeout = 65_000;

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  handleTrpcWebSockets({ wss, router, createContext, onError });
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.split("?")[0] !== "/trpc") {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    server,
    url: `http://${host}:${port}`,
    async close() {
      for (const client of wss.clients) client.close(1001, "server shutting down");
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
