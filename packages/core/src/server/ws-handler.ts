import type { IncomingMessage } from "node:http";
import { isTrackedEnvelope, type TRPCError, type AnyRouter } from "@trpc/server";
import type { RawData, WebSocketServer } from "ws";
import { textOf } from "../shared/ws-text.ts";
import type { CreateContext } from "./context.ts";
import type { MessageSocket } from "./line-socket.ts";
import { formatBytes, type ServerLimits } from "./limits.ts";
import { inFlight } from "./in-flight.ts";
import { errorOutcome, runProcedure, transportError, type CallOutcome } from "./procedures.ts";
import { encodeReply } from "./reply.ts";
import { consumeSubscription } from "./ws-subscription.ts";
import type { CallObserver, ObservedCall } from "./observe/call-observer.ts";

type RequestId = number | string | null;

/** How long a connection closed for a protocol error is left to finish its close handshake. */
const closeGraceMs = 2_000;

/** A request in tRPC's WebSocket protocol (JSON-RPC 2.0 shaped), as the stock `wsLink` and Switchboard's client send it. */
interface WsRequest {
  id?: RequestId;
  jsonrpc?: "2.0";
  method?: string;
  /** `traceparent`/`tracestate`: the caller's W3C trace context, per message (one socket carries many calls). */
  params?: { path?: unknown; input?: unknown; lastEventId?: unknown; traceparent?: unknown; tracestate?: unknown };
}

export interface WsHandlerOptions<TRouter extends AnyRouter> {
  wss: WebSocketServer;
  router: TRouter;
  createContext: CreateContext<unknown>;
  limits: Required<ServerLimits>;
  onError?: (error: TRPCError, path: string | undefined, logFields?: Record<string, string>) => void;
  /** Counts and traces every call (see `createCallObserver`). */
  observer?: CallObserver;
}

export interface WsCalls {
  /** Resolves when no query or mutation is running on any connection. */
  drained(): Promise<void>;
  /** Ends every subscription and asks its client to reconnect (to another instance), as tRPC's own server does. */
  endSubscriptions(): void;
}

/**
 * Serves tRPC over WebSocket, and over the TCP transport's JSON lines (the same messages): queries, mutations and
 * subscriptions. Each message is answered as soon as its procedure
 * settles — no batching window — which is what makes a sequential call cost about one round trip. Requests run
 * concurrently and may be answered out of order; replies carry the request's id.
 */
export function handleTrpcWebSockets<TRouter extends AnyRouter>(options: WsHandlerOptions<TRouter>): WsCalls {
  const { wss, router, createContext, limits, onError, observer } = options;
  const calls = inFlight();
  const subscriptionsOf = new Map<MessageSocket, Map<RequestId, AbortController>>();

  wss.on("connection", (socket: MessageSocket, upgrade: IncomingMessage) => {
    // One context per connection, from the upgrade request's headers, as tRPC's own ws adapter does.
    const context = Promise.resolve().then(() => createContext({ headers: upgrade.headers }));
    context.catch(() => undefined);
    const subscriptions = new Map<RequestId, AbortController>();
    subscriptionsOf.set(socket, subscriptions);
    // The same messages arrive over WebSockets and over the TCP transport's JSON lines (an upgrade to another protocol).
    const transport = String(upgrade.headers.upgrade ?? "").toLowerCase() === "websocket" ? "ws" : "tcp";
    const openSockets = observer?.metrics?.connections(transport);
    if (openSockets) {
      openSockets.value++;
      socket.once("close", () => openSockets.value--);
    }

    // A protocol error on one connection (a frame over ws's own hard limit, a malformed frame) closes that connection:
    // ws sends 1009/1002 by itself and reads on, discarding. Cut off at once, the socket was reset with the rest of the
    // upload unread, and the peer often got the reset before the close frame (1006, no reason); it gets a moment to
    // read it first. Without this listener the error would be uncaught and end the whole process.
    socket.on("error", () => setTimeout(() => socket.terminate(), closeGraceMs).unref());
    socket.on("close", () => {
      for (const subscription of subscriptions.values()) subscription.abort();
      subscriptionsOf.delete(socket);
    });

    socket.on("message", (raw: RawData | string) => {
      // Closed for not reading its replies (or closing anyway): the messages it still had in flight are not run, so
      // a flood of requests costs nothing more once the connection is given up.
      if (socket.readyState !== socket.OPEN) return;
      const text = textOf(raw);
      // tRPC's client keep-alive.
      if (text === "PING") return socket.send("PONG");
      const bytes = Buffer.byteLength(text);
      if (bytes > limits.maxRequestBytes) {
        const message = `the message exceeds the request limit of ${formatBytes(limits.maxRequestBytes)}`;
        return send(socket, idAtStart(text), undefined, transportError(router, "PAYLOAD_TOO_LARGE", message));
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return send(socket, null, undefined, transportError(router, "PARSE_ERROR", "message is not valid JSON"));
      }
      const requests = Array.isArray(parsed) ? parsed : [parsed];
      for (const request of requests) handleRequest(socket, request as WsRequest, bytes / requests.length);
    });

    function handleRequest(socket: MessageSocket, request: WsRequest, bytes: number): void {
      const { id = null, jsonrpc, method, params } = request ?? {};
      if (method === "connectionParams") return;
      if (method === "subscription.stop") {
        subscriptions.get(id)?.abort();
        subscriptions.delete(id);
        return;
      }
      const path = typeof params?.path === "string" ? params.path : undefined;
      if ((method !== "query" && method !== "mutation" && method !== "subscription") || path === undefined) {
        const message = `unsupported message: method ${JSON.stringify(method)} with path ${JSON.stringify(path)}`;
        return send(socket, id, jsonrpc, transportError(router, "BAD_REQUEST", message, path));
      }
      if (method === "subscription") return void subscribe(socket, id, jsonrpc, path, withLastEventId(params), params);
      const done = calls.start();
      const observed = observer?.start(transport, path, bytes, params);
      const run = () => call(method, path, params?.input);
      void (observed ? observed.run(run) : run())
        .then((outcome) => send(socket, id, jsonrpc, outcome, path, undefined, observed))
        .finally(done);
    }

    async function call(type: "query" | "mutation", path: string, rawInput: unknown): Promise<CallOutcome> {
      try {
        return await runProcedure(router, { type, path, rawInput, ctx: await context });
      } catch (cause) {
        return errorOutcome(router, cause, { type, path, input: rawInput, ctx: undefined });
      }
    }

    async function subscribe(
      socket: MessageSocket,
      id: RequestId,
      jsonrpc: "2.0" | undefined,
      path: string,
      rawInput: unknown,
      carrier: WsRequest["params"],
    ) {
      if (id === null || subscriptions.has(id)) {
        const message = `a subscription needs an id not already in use on this connection (${JSON.stringify(id)})`;
        return send(socket, id, jsonrpc, transportError(router, "BAD_REQUEST", message, path));
      }
      const controller = new AbortController();
      subscriptions.set(id, controller);
      const traced = observer?.startSubscription(transport, path, carrier);
      const inSpan = <T>(work: () => T): T => (traced ? traced.run(work) : work());
      let outcome: CallOutcome;
      try {
        const ctx = await context;
        outcome = await inSpan(() =>
          runProcedure(router, { type: "subscription", path, rawInput, ctx, signal: controller.signal }),
        );
      } catch (cause) {
        outcome = errorOutcome(router, cause, { type: "subscription", path, input: rawInput, ctx: undefined });
      }
      if (!outcome.ok) {
        subscriptions.delete(id);
        traced?.end(outcome.error.message);
        return send(socket, id, jsonrpc, outcome, path);
      }
      sendRaw(socket, { id, jsonrpc, result: { type: "started" } });
      const open = observer?.metrics?.subscriptions(transport, path);
      if (open) open.value++;
      const stream = outcome.data;
      const ended = await inSpan(() =>
        consumeSubscription(stream, controller.signal, (value) => {
          // As tRPC's own server: a tracked value travels as `{ id, data }`, its id also beside it for resuming.
          if (!isTrackedEnvelope(value)) return send(socket, id, jsonrpc, { ok: true, data: value }, path);
          const [trackedId, data] = value;
          send(socket, id, jsonrpc, { ok: true, data: { id: trackedId, data } }, path, trackedId);
        }),
      );
      traced?.end(ended.ok ? undefined : ended.error instanceof Error ? ended.error.message : String(ended.error));
      if (!ended.ok)
        send(
          socket,
          id,
          jsonrpc,
          errorOutcome(router, ended.error, { type: "subscription", path, input: rawInput, ctx: undefined }),
          path,
        );
      if (subscriptions.get(id) === controller) subscriptions.delete(id);
      if (open) open.value--;
      sendRaw(socket, { id, jsonrpc, result: { type: "stopped" } });
    }
  });

  function send(
    socket: MessageSocket,
    id: RequestId,
    jsonrpc: "2.0" | undefined,
    outcome: CallOutcome,
    path?: string,
    trackedId?: string,
    observed?: ObservedCall,
  ): void {
    if (!outcome.ok) onError?.(outcome.cause, path, observed?.logFields());
    const { text, outcome: sent } = encodeReply(router, outcome, limits.maxReplyBytes, path, (envelope) =>
      "result" in envelope
        ? {
            id,
            jsonrpc,
            result:
              trackedId === undefined
                ? { type: "data", data: envelope.result.data }
                : { type: "data", id: trackedId, data: envelope.result.data },
          }
        : { id, jsonrpc, error: envelope.error },
    );
    deliver(socket, text);
    observed?.end(sent, text.length);
  }

  function sendRaw(socket: MessageSocket, message: object): void {
    deliver(socket, JSON.stringify(message));
  }

  /**
   * Sends unless the client has left more than `maxBufferedBytes` of earlier replies unread: such a client (one that
   * asks for big replies and never reads them) is closed with 1008 and a reason instead of growing this process's
   * memory without end. ws queues its close frame behind the unread bytes, so the socket is also ended shortly after.
   */
  function deliver(socket: MessageSocket, text: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.maxBufferedBytes) {
      const reason = `replies unread: over ${formatBytes(limits.maxBufferedBytes)} (maxBufferedBytes)`;
      socket.close(1008, reason);
      setTimeout(() => socket.terminate(), 1_000).unref();
      return;
    }
    socket.send(text);
  }

  return {
    drained: calls.drained,
    endSubscriptions() {
      for (const [socket, subscriptions] of subscriptionsOf) {
        for (const subscription of subscriptions.values()) subscription.abort();
        subscriptions.clear();
        sendRaw(socket, { id: null, method: "reconnect" });
      }
    },
  };
}

/** tRPC's clients resume a subscription by sending `lastEventId` beside the input: it becomes part of the input. */
function withLastEventId(params: WsRequest["params"]): unknown {
  const { input, lastEventId } = params ?? {};
  if (lastEventId === undefined) return input;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

/** The request id of an oversized message, read from its start (clients write the id first), so its refusal finds its caller. */
function idAtStart(text: string): RequestId {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15}|"[^"\\]{0,64}")/.exec(text.slice(0, 100));
  if (!match?.[1]) return null;
  return match[1].startsWith('"') ? match[1].slice(1, -1) : Number(match[1]);
}
