// Hostile calls and frames over tRPC's WebSocket protocol (JSON-RPC shaped: `{ id, method, params: { path, input } }`).
// After each one the same connection must still answer a probe call: a hostile frame may be refused, never kill the
// connection of a well-formed client or the process.
import WebSocket from "ws";
import { envelopeProblem, type Answer } from "./answers.ts";
import type { FuzzTarget } from "./targets.ts";

const replyTimeoutMs = 10_000;

interface Waiter {
  id: unknown;
  resolve: (message: Record<string, unknown> | undefined) => void;
}

export class WsSession {
  private readonly received: Array<Record<string, unknown>> = [];
  private readonly waiters: Waiter[] = [];
  private counter = 0;
  private closedWith: number | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly target: FuzzTarget,
  ) {
    socket.on("message", (data: WebSocket.RawData) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(textOf(data)) as Record<string, unknown>;
      } catch {
        message = { notJson: textOf(data).slice(0, 200) };
      }
      this.received.push(message);
      for (const waiter of this.waiters.filter((candidate) => sameId(candidate.id, message.id))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
    socket.on("close", (code) => {
      this.closedWith = code;
      for (const waiter of this.waiters.splice(0)) waiter.resolve(undefined);
    });
    socket.on("error", () => undefined);
  }

  static open(target: FuzzTarget, headers: Record<string, string>): Promise<WsSession> {
    const url = `${target.url.replace(/^http/, "ws")}${target.trpcPath}`;
    const socket = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new WsSession(socket, target)));
      socket.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return this.closedWith === undefined && this.socket.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.socket.terminate();
  }

  private waitFor(id: unknown): Promise<Record<string, unknown> | undefined> {
    const seen = this.received.find((message) => sameId(message.id, id));
    if (seen) return Promise.resolve(seen);
    if (!this.isOpen) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = { id, resolve };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, replyTimeoutMs);
      waiter.resolve = (message) => (clearTimeout(timer), resolve(message));
      this.waiters.push(waiter);
    });
  }

  private nextId(): string {
    this.counter += 1;
    return `fuzz-${this.counter}`;
  }

  /** Whether the connection still answers a valid call (the probe) after whatever came before. */
  private async probe(): Promise<boolean> {
    if (!this.isOpen) return false;
    const id = this.nextId();
    const { path, inputText } = this.target.probe;
    const input = inputText === "" ? "" : `,"input":${inputText}`;
    this.socket.send(
      `{"id":"${id}","jsonrpc":"2.0","method":"query","params":{"path":${JSON.stringify(path)}${input}}}`,
    );
    const reply = await this.waitFor(id);
    return reply !== undefined && "result" in reply;
  }

  /** One call with a hostile input; its reply judged, then the probe. */
  async call(type: string, path: string, inputText: string, mayAccept: boolean): Promise<Answer> {
    this.received.length = 0;
    const id = this.nextId();
    const input = inputText === "" ? "" : `,"input":${inputText}`;
    const frame = `{"id":"${id}","jsonrpc":"2.0","method":"${type}","params":{"path":${JSON.stringify(path)}${input}}}`;
    let wellFormed = true;
    try {
      JSON.parse(frame);
    } catch {
      wellFormed = false;
    }
    this.socket.send(frame);
    // A frame that is not JSON is answered with id null (PARSE_ERROR): nothing else can name it.
    const reply = await this.waitFor(wellFormed ? id : null);
    const answer = judgeWsReply(reply, mayAccept);
    if (type === "subscription" && reply && "result" in reply) {
      this.socket.send(`{"id":"${id}","method":"subscription.stop"}`);
    }
    if (!(await this.probe())) return { status: "closed", problem: this.lostConnection() };
    return answer;
  }

  /**
   * A raw frame (malformed envelope, odd ids, a binary frame, a batch array). Every reply it gets must be tRPC's;
   * then the probe. `mayClose`: frames a server may end the connection over (invalid UTF-8, over ws's own limit).
   */
  async frame(data: string | Buffer, binary: boolean, mayClose: boolean): Promise<Answer> {
    this.received.length = 0;
    this.socket.send(data, { binary });
    const alive = await this.probe();
    const replies = this.received.filter(
      (message) => !(typeof message.id === "string" && message.id.startsWith("fuzz-")),
    );
    for (const reply of replies) {
      if (reply.notJson === "PONG") continue; // the answer to a frame that said PING
      if ("notJson" in reply) return { status: 200, problem: `a reply that is not JSON: ${String(reply.notJson)}` };
      if (reply.method === "reconnect") continue;
      const problem = envelopeProblem(reply);
      if (problem) return { status: statusOf(reply), problem };
    }
    if (!alive) return mayClose ? { status: "closed" } : { status: "closed", problem: this.lostConnection() };
    return { status: replies.length > 0 ? statusOf(replies[0]!) : 200 };
  }

  private lostConnection(): string {
    return this.closedWith === undefined
      ? `the connection stopped answering (no probe reply within ${replyTimeoutMs} ms)`
      : `the server closed the connection (${this.closedWith})`;
  }
}

/** ws delivers a Buffer by default (binaryType "nodebuffer"); fragments as an array of them. */
function textOf(data: WebSocket.RawData): string {
  return (Array.isArray(data) ? Buffer.concat(data) : (data as Buffer)).toString("utf8");
}

function sameId(a: unknown, b: unknown): boolean {
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

function statusOf(reply: Record<string, unknown>): number {
  const status = (reply.error as { data?: { httpStatus?: unknown } } | undefined)?.data?.httpStatus;
  return typeof status === "number" ? status : 200;
}

function judgeWsReply(reply: Record<string, unknown> | undefined, mayAccept: boolean): Answer {
  if (!reply) return { status: "timeout", problem: `no reply within ${replyTimeoutMs} ms` };
  const problem = envelopeProblem(reply);
  if (problem) return { status: statusOf(reply), problem };
  if ("result" in reply && !mayAccept) return { status: 200, problem: "accepted an input it must refuse" };
  return { status: statusOf(reply) };
}
