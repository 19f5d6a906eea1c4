import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import WebSocket, { type RawData } from "ws";
import { textOf } from "../shared/ws-text.ts";
import {
  describeError,
  raceSignal,
  TransportError,
  webSocketUrlOf,
  type CallEnvelope,
  type OutgoingCall,
  type SubscriptionListener,
  type SubscriptionRequest,
  type Transport,
} from "./transport.ts";

interface PendingCall {
  resolve: (envelope: CallEnvelope) => void;
  reject: (error: Error) => void;
  /** Removes the call's abort listener, so a long-lived signal does not collect one per call. */
  release: () => void;
}

interface ServerMessage {
  id?: unknown;
  method?: unknown;
  result?: { type?: string; data?: unknown; id?: unknown };
  error?: unknown;
}

/**
 * What a connection needs of its socket: a `ws` WebSocket, or the TCP transport's `LineChannel`, which has the same
 * events and methods.
 */
export interface ClientSocket {
  readonly readyState: number;
  send(text: string): void;
  ping(): void;
  close(code?: number): void;
  terminate(): void;
  on(event: "message", listener: (data: RawData | string) => void): this;
  on(event: "pong", listener: () => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: "close", listener: (code: number, reason: Buffer) => void): this;
  once(event: "upgrade", listener: (response: IncomingMessage) => void): this;
  once(event: "open", listener: () => void): this;
}

/** Opens a socket to a service's tRPC endpoint (`ws://host:port/trpc`). */
export type SocketFactory = (url: string, headers: Record<string, string>) => ClientSocket;

export const openWebSocket: SocketFactory = (url, headers) => new WebSocket(url, { perMessageDeflate: false, headers });

export interface WebSocketTransportOptions {
  headers?: Record<string, string>;
  /**
   * An open connection is pinged this often (default 10 s); a pong that does not come within the same time ends the
   * connection, so a silently stalled one fails its calls and subscriptions instead of hanging them. 0: off.
   */
  keepAliveMs?: number;
}

/**
 * One persistent socket to one service — a WebSocket, or the TCP transport's lines — speaking tRPC's WebSocket
 * protocol. Each call is written the moment it is made — no batching timer, which is what cost the stock `wsLink` a
 * millisecond per sequential call — and many calls and subscriptions share the socket, matched back by id. The
 * socket keeps the process alive only while calls are pending.
 */
class WsConnection {
  private socket: ClientSocket | undefined;
  private opening: Promise<ClientSocket> | undefined;
  private rawSocket: Socket | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private readonly subscriptions = new Map<number, SubscriptionListener>();
  private nextId = 1;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    readonly url: string,
    private readonly options: WebSocketTransportOptions,
    private readonly openSocket: SocketFactory,
    /** Told when this connection closed with nothing left on it, so the pool can forget it. */
    private readonly onIdleClose: () => void,
  ) {}

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Starts opening the socket, for calls to come; a failure only shows in those calls. */
  warm(): void {
    if (!this.isOpen) this.open().catch(() => undefined);
  }

  request(call: OutgoingCall, signal?: AbortSignal): Promise<CallEnvelope> {
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) return this.send(socket, call, signal);
    // The open is shared by every caller; one caller's abort ends its own wait, not the open.
    return raceSignal(this.open(), signal).then((opened) => this.send(opened, call, signal));
  }

  subscribe(request: SubscriptionRequest, listener: SubscriptionListener): () => void {
    const id = this.nextId++;
    this.subscriptions.set(id, listener);
    this.rawSocket?.ref();
    const message = JSON.stringify({ id, method: "subscription", params: request });
    const opened = this.socket?.readyState === WebSocket.OPEN ? Promise.resolve(this.socket) : this.open();
    opened.then(
      (socket) => this.subscriptions.has(id) && socket.send(message),
      (error: TransportError) => this.subscriptions.delete(id) && listener.onDropped(error),
    );
    return () => {
      if (!this.subscriptions.delete(id)) return;
      if (this.socket?.readyState === WebSocket.OPEN)
        this.socket.send(JSON.stringify({ id, method: "subscription.stop" }));
      this.unrefWhenIdle();
    };
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.socket?.close(1000);
    this.socket = undefined;
  }

  private send(socket: ClientSocket, call: OutgoingCall, signal?: AbortSignal): Promise<CallEnvelope> {
    return new Promise<CallEnvelope>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const id = this.nextId++;
      const onAbort = () => this.settle(id)?.reject(signal?.reason as Error);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.set(id, { resolve, reject, release: () => signal?.removeEventListener("abort", onAbort) });
      this.rawSocket?.ref();
      const { path, input, traceparent, tracestate } = call;
      socket.send(JSON.stringify({ id, method: call.type, params: { path, input, traceparent, tracestate } }));
    });
  }

  private settle(id: number): PendingCall | undefined {
    const call = this.pending.get(id);
    if (!call) return undefined;
    this.pending.delete(id);
    call.release();
    this.unrefWhenIdle();
    return call;
  }

  /** Calls and subscriptions keep the process alive; an idle open socket does not. */
  private unrefWhenIdle(): void {
    if (this.pending.size === 0 && this.subscriptions.size === 0) this.rawSocket?.unref();
  }

  private open(): Promise<ClientSocket> {
    this.opening ??= new Promise<ClientSocket>((resolve, reject) => {
      const socket = this.openSocket(this.url, this.options.headers ?? {});
      socket.once("upgrade", (response) => {
        this.rawSocket = response.socket;
        this.rawSocket.setNoDelay(true);
      });
      socket.once("open", () => {
        this.opening = undefined;
        this.socket = socket;
        this.unrefWhenIdle();
        this.startKeepAlive(socket);
        resolve(socket);
      });
      socket.on("message", (data) => this.receive(socket, textOf(data)));
      socket.on("error", (error) => {
        if (this.opening && !this.socket) {
          this.opening = undefined;
          const failure = new TransportError(
            `cannot connect to ${this.url}: ${describeError(error)}`,
            this.url,
            false,
            {
              cause: error,
            },
          );
          reject(failure);
          this.dropAll(failure);
        }
      });
      socket.on("close", (code, reason) => {
        clearInterval(this.keepAlive);
        if (this.socket === socket) this.socket = undefined;
        // 1009 is ws refusing a message far over the server's limit; say so rather than "connection closed".
        const why =
          code === 1009
            ? "the server refused a message over its size limit"
            : `closed (${code}${reason.length ? `: ${reason.toString()}` : ""})`;
        this.dropAll(
          new TransportError(`connection to ${this.url} ${why} before the call was answered`, this.url, true),
        );
        this.onIdleClose();
      });
    });
    return this.opening;
  }

  private startKeepAlive(socket: ClientSocket): void {
    const intervalMs = this.options.keepAliveMs ?? 10_000;
    if (intervalMs <= 0) return;
    let awaitingPong = false;
    socket.on("pong", () => (awaitingPong = false));
    this.keepAlive = setInterval(() => {
      if (awaitingPong) return socket.terminate();
      awaitingPong = true;
      socket.ping();
    }, intervalMs);
    this.keepAlive.unref();
  }

  private receive(socket: ClientSocket, text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    // The server is going away (tRPC's notice): new calls go to a new connection, subscriptions resume elsewhere.
    if (message.id === null && message.method === "reconnect") {
      if (this.socket === socket) this.socket = undefined;
      this.dropSubscriptions(new TransportError(`${this.url} is shutting down`, this.url, true));
      return;
    }
    if (typeof message.id !== "number") return;
    const subscription = this.subscriptions.get(message.id);
    if (subscription) return this.receiveSubscription(message.id, subscription, message);
    const call = this.settle(message.id);
    if (!call) return;
    if (message.error) call.resolve({ error: message.error as never });
    else call.resolve({ result: { data: message.result?.data } });
  }

  private receiveSubscription(id: number, listener: SubscriptionListener, message: ServerMessage): void {
    if (message.error !== undefined) {
      this.subscriptions.delete(id);
      this.unrefWhenIdle();
      return listener.onError(message.error);
    }
    const { type, data, id: trackedId } = message.result ?? {};
    if (type === "started") return listener.onStarted();
    if (type === "stopped") {
      this.subscriptions.delete(id);
      this.unrefWhenIdle();
      return listener.onStopped();
    }
    const tracked = typeof trackedId === "string" ? trackedId : undefined;
    listener.onData({ data, trackedId: tracked, wrapped: tracked !== undefined });
  }

  private dropAll(error: TransportError): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      call.release();
      call.reject(error);
    }
    this.dropSubscriptions(error);
  }

  private dropSubscriptions(error: TransportError): void {
    const listeners = [...this.subscriptions.values()];
    this.subscriptions.clear();
    for (const listener of listeners) listener.onDropped(error);
  }
}

export interface MessageTransportOptions extends WebSocketTransportOptions {
  openSocket: SocketFactory;
  /**
   * Carries the calls made before a service's socket is open (the first ones, and any made while it opens), so that
   * they cost one request instead of waiting for a handshake: plain HTTP. The socket opens once the first of them is
   * answered. Subscriptions always wait for the socket.
   */
  whileOpening?: Transport;
}

/** Calls over persistent sockets, one per service URL, opened on first use and forgotten once closed. */
export function createMessageTransport(options: MessageTransportOptions): Transport {
  const { openSocket, whileOpening } = options;
  const connections = new Map<string, WsConnection>();
  const connectionTo = (baseUrl: string) => {
    let connection = connections.get(baseUrl);
    if (!connection) {
      const created = new WsConnection(webSocketUrlOf(baseUrl), options, openSocket, () => {
        if (connections.get(baseUrl) === created) connections.delete(baseUrl);
      });
      connections.set(baseUrl, (connection = created));
    }
    return connection;
  };
  return {
    request(baseUrl, call, signal) {
      const connection = connectionTo(baseUrl);
      if (!whileOpening || connection.isOpen) return connection.request(call, signal);
      // The socket opens once this answer is in, so that its handshake does not compete with the call itself.
      const answer = whileOpening.request(baseUrl, call, signal);
      void answer.finally(() => connection.warm()).catch(() => undefined);
      return answer;
    },
    subscribe: (baseUrl, request, listener) => connectionTo(baseUrl).subscribe(request, listener),
    close() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
      whileOpening?.close();
    },
  };
}

/** Calls over persistent WebSockets, one per service URL (tRPC's WebSocket protocol, as stock servers speak it). */
export function createWebSocketTransport(options: WebSocketTransportOptions = {}): Transport {
  return createMessageTransport({ ...options, openSocket: openWebSocket });
}
