import type { Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";

/**
 * Switchboard's TCP transport: after an HTTP `Upgrade: switchboard-lines` on the service's `/trpc`, the socket carries
 * the same tRPC messages as its WebSocket, one JSON text per line. JSON never holds a raw newline (it escapes them in
 * strings), so a newline ends a message with no length prefix, no masking and no frame header to build or check.
 * Besides JSON: `PING`/`PONG` (keep-alive, as tRPC's own) and `CLOSE <code> <reason>` (a WebSocket close's code and
 * reason, sent just before the socket ends).
 */
export const lineProtocol = "switchboard-lines";

/** Splits a socket's text into lines, holding at most `maxLineBytes` of an unfinished one. */
export class LineReader {
  // Node's HTTP server forbids setEncoding on its sockets, upgraded ones too: decode here, characters split between
  // chunks included.
  private readonly decoder = new StringDecoder("utf8");
  private readonly partial: string[] = [];
  private partialLength = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    /** The unfinished line grew past the limit: the reader stops, the connection must end. */
    private readonly onOverflow: () => void,
  ) {}

  /** Takes the next chunk of bytes from the socket. */
  push(bytes: Buffer): void {
    const chunk = this.decoder.write(bytes);
    let start = 0;
    let end = chunk.indexOf("\n");
    while (end !== -1) {
      let line = chunk.slice(start, end);
      if (this.partial.length > 0) {
        this.partial.push(line);
        line = this.partial.join("");
        this.partial.length = 0;
        this.partialLength = 0;
      }
      this.onLine(line);
      start = end + 1;
      end = chunk.indexOf("\n", start);
    }
    if (start === chunk.length) return;
    // Only the new piece is searched each time: a long message in many chunks costs linear time, not quadratic.
    this.partial.push(start === 0 ? chunk : chunk.slice(start));
    this.partialLength += chunk.length - start;
    // String length counts UTF-16 units, at most the UTF-8 byte count: the check is never stricter than the limit.
    if (this.partialLength > this.maxLineBytes) {
      this.partial.length = 0;
      this.partialLength = 0;
      this.onOverflow();
    }
  }
}

/**
 * Writes lines, coalescing those written in the same tick into one TCP write: 64 concurrent calls answered together
 * cost one system call instead of 64, and a lone call is not delayed (no timer, only the end of the current tick).
 */
export class LineWriter {
  private corked = false;

  constructor(private readonly socket: Socket) {}

  write(line: string): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(`${line}\n`);
  }
}

/** `CLOSE <code> <reason>` → its parts, or null for any other line. */
export function parseCloseLine(line: string): { code: number; reason: string } | null {
  if (!line.startsWith("CLOSE ")) return null;
  const space = line.indexOf(" ", 6);
  const code = Number(line.slice(6, space === -1 ? undefined : space));
  return { code: Number.isInteger(code) ? code : 1006, reason: space === -1 ? "" : line.slice(space + 1) };
}

/** A close line for `code` and `reason` (newlines in the reason would end it early: they become spaces). */
export function closeLine(code: number, reason: string): string {
  return `CLOSE ${code} ${reason.replace(/[\r\n]+/g, " ")}`;
}
