import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Socket } from "node:net";
import type { RawData } from "ws";
import { closeLine, lineProtocol, LineReader, LineWriter } from "../shared/line-framing.ts";

/** The part of a `ws` WebSocket the tRPC handler uses, so one handler serves both kinds of connection. */
export interface MessageSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
  on(event: "message", listener: (data: RawData | string) => void): this;
  on(event: "close" | "error", listener: () => void): this;
  once(event: "close", listener: () => void): this;
}

/** Whether `req` asks for Switchboard's TCP transport rather than a WebSocket. */
export function isLineUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === lineProtocol;
}

/**
 * One connection of Switchboard's TCP transport, server side (see `line-framing.ts`): answers the upgrade with 101,
 * then reads and writes lines. Lines over `maxLineBytes` end the connection with 1009, as `ws` does for a frame over
 * its `maxPayload`.
 */
export class LineSocket extends EventEmitter implements MessageSocket {
  readonly OPEN = 1;
  readyState = 1;
  private readonly socket: Socket;
  private readonly writer: LineWriter;

  constructor(stream: Duplex, head: Buffer, maxLineBytes: number) {
    super();
    this.socket = stream as Socket;
    this.socket.setNoDelay(true);
    this.writer = new LineWriter(this.socket);
    this.socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${lineProtocol}\r\nConnection: Upgrade\r\n\r\n`);
    const reader = new LineReader(
      maxLineBytes,
      (line) => this.emit("message", line),
      () => this.close(1009, "message too big"),
    );
    this.socket.on("data", (chunk: Buffer) => this.readyState === this.OPEN && reader.push(chunk));
    this.socket.on("error", () => this.socket.destroy());
    this.socket.on("close", () => {
      this.readyState = 3;
      this.emit("close");
    });
    if (head.length > 0) reader.push(head);
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  send(text: string): void {
    if (this.readyState === this.OPEN) this.writer.write(text);
  }

  close(code: number, reason: string): void {
    if (this.readyState !== this.OPEN) return;
    this.writer.write(closeLine(code, reason));
    this.readyState = 2;
    this.socket.end();
  }

  terminate(): void {
    this.readyState = 2;
    this.socket.destroy();
  }
}
