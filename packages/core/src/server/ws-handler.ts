import type { IncomingMessage } from "node:http";
import { TRPCError, type AnyRouter } from "@trpc/server";
import type { WebSocket, WebSocketServer } from "ws";
import { textOf } from "../shared/ws-text.ts";
import { callRouterProcedure, errorOutcome, type CallOutcome } from "./call-procedure.ts";
import type { CreateContext } from "./context.ts";

/** A request in tRPC's WebSocket protocol (JSON-RPC 2.0 shaped), as the stock `wsLink` and our link send it. */
interface WsRequest {
  id?: number | string | null;
  jsonrpc?: "2.0";
  method?: string;
  params?: { path?: unknown; input?: unknown };
}

export interface WsHandlerOptions<TRouter extends AnyRouter> {
  wss: WebSocketServer;
  router: TRouter;
  createContext: CreateContext<unknown>;
  onError?: (error: TRPCError, path: string | undefined) => void;
}

/**
 * Serves tRPC queries and mutations over WebSocket. Each message is answered as soon as its procedure settles —
 * no batching window, no per-message context — which is what makes a sequential call cost about one round trip.
 * Requests run concurrently and may be answered out of order; replies carry the request's id.
 */
export function handleTrpcWebSockets<TRouter extends AnyRouter>(options: WsHandlerOptions<TRouter>): void {
  const { wss, router, createContext, onError } = options;

  wss.on("connection", (socket: WebSocket, upgrade: IncomingMessage) => {
    // One context per connection, from the upgrade request's headers, as tRPC's own ws adapter does.
    const context = Promise.resolve().then(() => createContext({ headers: upgrade.headers }));
    context.catch(() => undefined);

    // A protocol error on one connection (an oversized or malformed frame) closes that connection — ws sends 1009/1002
    // by itself. Without this listener the error would be uncaught and take the whole process down with it.
    socket.on("error", () => socket.terminate());

    socket.on("message", (raw) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(textOf(raw));
      } catch {
        reply(
          socket,
          null,
          undefined,
          errorOutcome(router, new TRPCError({ code: "PARSE_ERROR", message: "message is not valid JSON" }), {
            type: "unknown",
            path: undefined,
            input: undefined,
            ctx: undefined,
          }),
        );
        return;
      }
      for (const request of Array.isArray(parsed) ? parsed : [parsed]) void handleRequest(socket, request as WsRequest);
    });

    async function handleRequest(socket: WebSocket, request: WsRequest): Promise<void> {
      const { id = null, jsonrpc, method, params } = request;
      if (method === "connectionParams" || method === "subscription.stop") return;
      const path = typeof params?.path === "string" ? params.path : undefined;
      let outcome: CallOutcome;
      if ((method !== "query" && method !== "mutation") || path === undefined) {
        const message =
          method === "subscription"
            ? "subscriptions are served over HTTP (SSE) by this server"
            : `unsupported message: method ${JSON.stringify(method)} with path ${JSON.stringify(path)}`;
        const code = method === "subscription" ? "METHOD_NOT_SUPPORTED" : "BAD_REQUEST";
        outcome = errorOutcome(router, new TRPCError({ code, message }), {
          type: "unknown",
          path,
          input: undefined,
          ctx: undefined,
        });
      } else {
        try {
          outcome = await callRouterProcedure({ router, ctx: await context, type: method, path, input: params?.input });
        } catch (cause) {
          outcome = errorOutcome(router, cause, { type: method, path, input: params?.input, ctx: undefined });
        }
      }
      if (!outcome.ok) onError?.(outcome.cause, path);
      reply(socket, id, jsonrpc, outcome);
    }
  });
}

function reply(socket: WebSocket, id: WsRequest["id"], jsonrpc: "2.0" | undefined, outcome: CallOutcome): void {
  if (socket.readyState !== socket.OPEN) return;
  const message = outcome.ok
    ? { id, jsonrpc, result: { type: "data", data: outcome.data } }
    : { id, jsonrpc, error: outcome.error };
  socket.send(JSON.stringify(message));
}
