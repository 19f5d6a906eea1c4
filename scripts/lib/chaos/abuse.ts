// Abusive clients, for the chaos run and its test. Each comes from `fromAddress` (any 127.x address is this machine on
// Linux), so the server sees it as another host than the normal caller on 127.0.0.1 — as the per-address cap would
// in production. Each tallies how it was answered, and `stop()` closes what it still holds.
import net from "node:net";
import WebSocket from "ws";

export interface AbuseTally {
  /** Connections, sockets or streams the server took. */
  accepted: number;
  /** Answered with a clear refusal: HTTP 503 (or 408 for slowloris after the headers timeout), a close code. */
  refused: number;
  /** What the refusals said, first of each kind. */
  refusals: string[];
  /** Connections that failed before the server answered anything (e.g. the listen backlog overflowed). */
  unconnected?: number;
  stop(): Promise<void>;
}

function tally(): AbuseTally & { note(kind: "accepted" | "refused", text?: string): void } {
  const state = {
    accepted: 0,
    refused: 0,
    refusals: [] as string[],
    stop: () => Promise.resolve(),
    note(kind: "accepted" | "refused", text?: string) {
      state[kind]++;
      if (text && !state.refusals.some((seen) => seen.slice(0, 12) === text.slice(0, 12))) state.refusals.push(text);
    },
  };
  return state;
}

const target = (url: string) => {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
};

/** `count` requests whose headers never finish (slowloris): one more header line every `dripMs`. */
export async function slowloris(url: string, count: number, fromAddress: string, dripMs = 1_000): Promise<AbuseTally> {
  const state = tally();
  const sockets: net.Socket[] = [];
  let answeredCount = 0;
  let erroredCount = 0;
  await Promise.all(
    Array.from(
      { length: count },
      (_, index) =>
        new Promise<void>((resolve) => {
          const socket = net.connect({ ...target(url), localAddress: fromAddress });
          sockets.push(socket);
          let answered = false;
          socket.on("error", () => {
            if (!answered) erroredCount++;
            answered = true;
            resolve();
          });
          socket.on("connect", () => {
            socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Drip-${index}: 1\r\n`);
            resolve();
          });
          socket.on("data", (chunk) => {
            if (answered) return;
            answered = true;
            answeredCount++;
            const status = chunk.toString().split("\r\n")[0] ?? "";
            state.note("refused", `${status}${chunk.toString().includes("maxConnections") ? " (connection cap)" : ""}`);
          });
          const drip = setInterval(() => socket.writable && socket.write(`X-More: ${Date.now()}\r\n`), dripMs);
          socket.on("close", () => clearInterval(drip));
        }),
    ),
  );
  // Held: taken by the server and not answered yet (they get 408 once the headers timeout passes).
  Object.defineProperty(state, "accepted", { get: () => count - answeredCount - erroredCount });
  Object.defineProperty(state, "unconnected", { get: () => erroredCount });
  state.stop = () => {
    for (const socket of sockets) socket.destroy();
    return Promise.resolve();
  };
  return state;
}

/** `count` WebSocket connections that open and then say nothing. */
export async function idleWebSockets(url: string, count: number, fromAddress: string): Promise<AbuseTally> {
  const state = tally();
  const sockets: WebSocket[] = [];
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve) => {
          const socket = new WebSocket(`${url.replace(/^http/, "ws")}/trpc`, { localAddress: fromAddress });
          sockets.push(socket);
          socket.on("open", () => (state.note("accepted"), resolve()));
          socket.on("unexpected-response", (_request, response) => {
            state.note("refused", `HTTP ${response.statusCode}`);
            response.resume();
            resolve();
          });
          socket.on("error", () => resolve());
        }),
    ),
  );
  state.stop = () => {
    for (const socket of sockets) socket.terminate();
    return Promise.resolve();
  };
  return state;
}

/** `count` SSE watch streams on a registry (`watch` over HTTP), held open. */
export async function sseWatchers(registryUrl: string, count: number): Promise<AbuseTally> {
  const state = tally();
  const controllers: AbortController[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      const controller = new AbortController();
      controllers.push(controller);
      try {
        const response = await fetch(`${registryUrl}/trpc/watch?input=${encodeURIComponent("{}")}`, {
          signal: controller.signal,
        });
        if (response.status === 200) {
          state.note("accepted");
          // Read it, as a watcher would (an unread body may be collected, which closes the stream).
          void drain(response);
        } else {
          const body = (await response.json()) as { error?: { message?: string } };
          state.note("refused", `HTTP ${response.status}: ${body.error?.message ?? ""}`);
        }
      } catch {
        // aborted by stop()
      }
    }),
  );
  state.stop = () => {
    for (const controller of controllers) controller.abort();
    return Promise.resolve();
  };
  return state;
}

async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  try {
    while (reader && !(await reader.read()).done);
  } catch {
    // aborted by stop()
  }
}

/**
 * One WebSocket client that stops reading and keeps asking for `path` (a query with a big reply). Resolves when the
 * server closed it (or after `timeoutMs`), with the close code and reason it saw once it read again.
 */
export async function nonReadingClient(
  url: string,
  path: string,
  input: unknown,
  requests: number,
  fromAddress: string,
  timeoutMs = 20_000,
): Promise<AbuseTally> {
  const state = tally();
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/trpc`, { localAddress: fromAddress });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  state.note("accepted");
  const raw = (socket as unknown as { _socket: net.Socket })._socket;
  const closed = new Promise<string>((resolve) =>
    socket.once("close", (code, reason) => resolve(`close ${code}${reason.length ? ` ${reason.toString()}` : ""}`)),
  );
  raw.pause();
  for (let id = 1; id <= requests && socket.readyState === WebSocket.OPEN; id++) {
    socket.send(JSON.stringify({ id, method: "query", params: { path, input } }));
    if (id % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // Read again after a while: by then the server has given up on this client, or it never will.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  raw.resume();
  const outcome = await Promise.race([
    closed,
    new Promise<string>((resolve) => setTimeout(resolve, timeoutMs, "open")),
  ]);
  if (outcome !== "open") {
    state.accepted = 0;
    state.note("refused", `closed by the server: ${outcome}`);
  }
  state.stop = () => {
    socket.terminate();
    return Promise.resolve();
  };
  return state;
}
