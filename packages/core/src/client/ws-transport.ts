import type { Socket } from "node:net";
import WebSocket from "ws";
import { textOf } from "../shared/ws-text.ts";
import {
  describeError,
  TransportError,
  webSocketUrlOf,
  type CallEnvelope,
  type OutgoingCall,
  type Transport,
} from "./transport.ts";

interface PendingCall {
  resolve: (envelope: CallEnvelope) => void;
  reject: (error: Error) => void;
}

/**
 * One persistent WebSocket to one service, speaking tRPC's WebSocket protocol. Each call is written the moment it is
 * made — no batching timer, which is what cost the stock `wsLink` a millisecond per sequential call — and many calls
 * share the socket concurrently, matched back by id. The socket keeps the process alive only while calls are pending.
 */
class WsConnection {
  private socket: WebSocket | undefined;
  private opening: Promise<WebSocket> | undefined;
  private rawSocket: Socket | undefined;
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  request(call: OutgoingCall, signal?: AbortSignal): Promise<CallEnvelope> {
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) return this.send(socket, call, signal);
    return this.open().then((opened) => this.send(opened, call, signal));
  }

  close(): void {
    this.socket?.close(1000);
    this.socket = undefined;
  }

  private send(socket: WebSocket, call: OutgoingCall, signal?: AbortSignal): Promise<CallEnvelope> {
    return new Promise<CallEnvelope>((resolve, reject) => {
      const id = this.nextId++;
      if (signal) {
        if (signal.aborted) return reject(signal.reason as Error);
        signal.addEventListener("abort", () => this.settle(id)?.reject(signal.reason as Error), { once: true });
      }
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.rawSocket?.ref();
      socket.send(JSON.stringify({ id, method: call.type, params: { path: call.path, input: call.input } }));
    });
  }

  private settle(id: number): PendingCall | undefined {
    const call = this.pending.get(id);
    if (!call) return undefined;
    this.pending.delete(id);
    if (this.pending.size === 0) this.rawSocket?.unref();
    return call;
  }

  private open(): Promise<WebSocket> {
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.url, { perMessageDeflate: false, headers: this.headers });
      socket.once("upgrade", (response) => {
        this.rawSocket = response.socket;
        this.rawSocket.setNoDelay(true);
      });
      socket.once("open", () => {
        this.opening = undefined;
        this.socket = socket;
        if (this.pending.size === 0) this.rawSocket?.unref();
        resolve(socket);
      });
      socket.on("message", (data) => this.receive(textOf(data)));
      socket.on("error", (error) => {
        if (this.opening) {
          this.opening = undefined;
          reject(
            new TransportError(`cannot connect to ${this.url}: ${describeError(error)}`, this.url, false, {
              cause: error,
            }),
          );
        }
      });
      socket.on("close", (code, reason) => {
        if (this.socket === socket) this.socket = undefined;
        // 1009 is the server refusing a message over its size limit; say so rather than "connection closed".
        const why =
          code === 1009
            ? "the server refused a message over its size limit (1 MiB)"
            : `closed (${code}${reason.length ? `: ${reason.toString()}` : ""})`;
        this.failPending(
          new TransportError(`connection to ${this.url} ${why} before the call was answered`, this.url, true),
        );
      });
    });
    return this.opening;
  }

  private receive(text: string): void {
    let message: { id?: unknown; result?: { data?: unknown }; error?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.id !== "number") return;
    const call = this.settle(message.id);
    if (!call) return;
    if (message.error) call.resolve({ error: message.error as never });
    else call.resolve({ result: { data: message.result?.data } });
  }

  private failPending(error: TransportError): void {
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) call.reject(error);
  }
}

/** Calls over persistent WebSockets, one per service URL, opened on first use. */
export function createWebSocketTransport(options: { headers?: Record<string, string> } = {}): Transport {
  const connections = new Map<string, WsConnection>();
  return {
    request(baseUrl, call, signal) {
      let connection = connections.get(baseUrl);
      if (!connection) {
        connection = new WsConnection(webSocketUrlOf(baseUrl), options.headers ?? {});
        connections.set(baseUrl, connection);
      }
      return connection.request(call, signal);
    },
    close() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}
