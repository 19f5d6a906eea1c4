import { EventEmitter } from "node:events";
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { lineProtocol, LineReader, LineWriter, parseCloseLine } from "../shared/line-framing.ts";

/** The service answered the upgrade with something other than 101: it does not speak the TCP transport. */
export class LineUpgradeRefused extends Error {
  override readonly name = "LineUpgradeRefused";
}

/**
 * The client end of Switchboard's TCP transport (see `line-framing.ts`), with the events and methods of a `ws`
 * WebSocket that the connection logic uses — `upgrade`, `open`, `message`, `pong`, `error`, `close(code, reason)`;
 * `send`, `ping`, `close`, `terminate` — so one implementation of tRPC's protocol serves both transports.
 */
export class LineChannel extends EventEmitter {
  static readonly OPEN = 1;
  readyState = 0;
  private socket: Socket | undefined;
  private writer: LineWriter | undefined;
  private closeCode = 1006;
  private closeReason = "";

  /** `url`: the WebSocket URL of the service's tRPC endpoint (`ws://host:port/trpc`); wss: over TLS. */
  constructor(url: string, options: { headers?: Record<string, string>; maxLineBytes: number }) {
    super();
    const target = new URL(url.replace(/^ws/, "http"));
    const request = (target.protocol === "https:" ? https : http).request(target, {
      headers: { ...options.headers, connection: "Upgrade", upgrade: lineProtocol },
    });
    request.on("upgrade", (response: http.IncomingMessage, socket: Socket, head: Buffer) => {
      this.socket = socket;
      this.writer = new LineWriter(socket);
      this.emit("upgrade", response);
      this.readyState = LineChannel.OPEN;
      const reader = new LineReader(
        options.maxLineBytes,
        (line) => this.receive(line),
        () => {
          this.closeCode = 1009;
          socket.destroy();
        },
      );
      socket.on("data", (chunk: Buffer) => reader.push(chunk));
      socket.on("error", () => undefined); // the close that follows reports it
      socket.on("close", () => {
        this.readyState = 3;
        this.emit("close", this.closeCode, Buffer.from(this.closeReason));
      });
      this.emit("open");
      if (head.length > 0) reader.push(head);
    });
    request.on("response", (response: http.IncomingMessage) => {
      response.resume();
      this.fail(new LineUpgradeRefused(`${target.origin} answered ${response.statusCode} to a TCP-transport upgrade`));
    });
    request.on("error", (error) => this.fail(error));
    request.end();
  }

  get OPEN(): number {
    return LineChannel.OPEN;
  }

  send(text: string): void {
    this.writer?.write(text);
  }

  ping(): void {
    this.writer?.write("PING");
  }

  close(code = 1000): void {
    this.closeCode = code;
    this.socket?.end();
  }

  terminate(): void {
    this.socket?.destroy();
  }

  private receive(line: string): void {
    if (line === "PONG") return void this.emit("pong");
    const close = parseCloseLine(line);
    if (close) {
      this.closeCode = close.code;
      this.closeReason = close.reason;
      return;
    }
    this.emit("message", line);
  }

  private fail(error: Error): void {
    if (this.readyState !== 0) return;
    this.readyState = 3;
    this.emit("error", error);
    this.emit("close", 1006, Buffer.alloc(0));
  }
}
