import type { IncomingMessage } from "node:http";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { initTRPC } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { z } from "zod";
import { LineReader } from "../shared/line-framing.ts";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "../server/serve.ts";
import { connectUrl } from "./switchboard.ts";

const t = initService<object>();
const router = t.router({
  echo: t.procedure.input(z.string()).mutation(({ input }) => input),
  add: t.procedure.input(z.object({ a: z.number(), b: z.number() })).mutation(({ input }) => input.a + input.b),
  slow: t.procedure.query(async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return "finally";
  }),
});
type Router = typeof router;

/** What reached the server: plain HTTP calls, and upgrades by protocol. */
interface Seen {
  httpCalls: number;
  upgrades: string[];
}

function watch(serving: ServingRouter): Seen {
  const seen: Seen = { httpCalls: 0, upgrades: [] };
  serving.server.on("request", (req: IncomingMessage) => req.url?.startsWith("/trpc/") && seen.httpCalls++);
  serving.server.on("upgrade", (req: IncomingMessage) => seen.upgrades.push(String(req.headers.upgrade)));
  return seen;
}

/** Calls until one is answered without a new HTTP request: from then on the client's socket is open. */
async function untilOnSocket(client: ReturnType<typeof connectUrl<Router>>, seen: Seen): Promise<void> {
  await expect
    .poll(async () => {
      const before = seen.httpCalls;
      await client.add.mutate({ a: 1, b: 1 });
      return seen.httpCalls === before;
    })
    .toBe(true);
}

describe("the TCP transport (JSON lines on an upgraded socket)", () => {
  let serving: ServingRouter;
  let seen: Seen;
  beforeAll(async () => {
    serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
    seen = watch(serving);
  });
  afterAll(() => serving.close());

  it("answers the first call over HTTP while its socket opens, and the next ones over that socket", async () => {
    const client = connectUrl<Router>(serving.url, { transport: "tcp" });
    const [httpBefore, upgradesBefore] = [seen.httpCalls, seen.upgrades.length];
    expect(await client.add.mutate({ a: 2, b: 3 })).toBe(5);
    expect(seen.httpCalls).toBe(httpBefore + 1);
    await untilOnSocket(client, seen);
    const httpAfter = seen.httpCalls;
    const sums = await Promise.all(Array.from({ length: 200 }, (_, index) => client.add.mutate({ a: index, b: 1 })));
    expect(sums).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    expect(seen.httpCalls).toBe(httpAfter);
    expect(seen.upgrades.slice(upgradesBefore)).toEqual(["switchboard-lines"]);
  });

  it("carries any text, newlines and characters of every width included, and big replies in many chunks", async () => {
    const client = connectUrl<Router>(serving.url, { transport: "tcp" });
    await untilOnSocket(client, seen);
    const text = "line one\nline two\r\n«ünïcödé» 名前 🎉 \u2028 end";
    expect(await client.echo.mutate(text)).toBe(text);
    const big = "é".repeat(400_000); // 800 KB of two-byte characters: split between chunks, mid-character too
    expect(await client.echo.mutate(big)).toBe(big);
  });

  it("answers a message over the 1 MiB cap with PAYLOAD_TOO_LARGE, and the connection's other calls go on", async () => {
    const client = connectUrl<Router>(serving.url, { transport: "tcp" });
    await untilOnSocket(client, seen);
    const concurrent = client.slow.query();
    await expect(client.echo.mutate("x".repeat(2 * 1024 * 1024))).rejects.toMatchObject({
      message: "the message exceeds the request limit of 1 MiB",
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
    expect(await concurrent).toBe("finally");
    expect(await client.add.mutate({ a: 1, b: 2 })).toBe(3);
  });

  it("closes only the one connection that sends a line far over the cap, saying why, and keeps serving", async () => {
    const client = connectUrl<Router>(serving.url, { transport: "tcp" });
    await untilOnSocket(client, seen);
    await expect(client.echo.mutate("x".repeat(5 * 1024 * 1024))).rejects.toThrow(
      /the server refused a message over its size limit/,
    );
    expect(await client.add.mutate({ a: 1, b: 2 })).toBe(3);
    expect((await fetch(`${serving.url}/health`)).status).toBe(200);
  });

  it("fails with a clear error when nothing listens at the URL", async () => {
    const client = connectUrl<Router>("http://127.0.0.1:1", { transport: "tcp" });
    await expect(client.add.mutate({ a: 1, b: 1 })).rejects.toThrow(
      /add on http:\/\/127\.0\.0\.1:1 failed: .*ECONNREFUSED/,
    );
  });
});

describe("the TCP transport against a stock tRPC server", () => {
  const stock = initTRPC.create();
  const stockRouter = stock.router({
    add: stock.procedure.input(z.object({ a: z.number(), b: z.number() })).mutation(({ input }) => input.a + input.b),
  });
  const server = createHTTPServer({ router: stockRouter, basePath: "/trpc/" });
  const wss = new WebSocketServer({ server, path: "/trpc" });
  applyWSSHandler({ wss, router: stockRouter });
  const upgrades: string[] = [];
  server.on("upgrade", (req: IncomingMessage) => upgrades.push(String(req.headers.upgrade)));
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("speaks WebSocket to a server that refuses the upgrade", async () => {
    const client = connectUrl<typeof stockRouter>(url, { transport: "tcp" });
    for (let call = 0; call < 20; call++) expect(await client.add.mutate({ a: call, b: 1 })).toBe(call + 1);
    await expect.poll(() => client.add.mutate({ a: 1, b: 2 }).then(() => upgrades)).toContain("websocket");
    expect(upgrades[0]).toBe("switchboard-lines");
    expect(upgrades.filter((protocol) => protocol === "switchboard-lines")).toHaveLength(1);
  });
});

describe("LineReader", () => {
  const read = (chunks: Buffer[], maxLineBytes = 1_000) => {
    const lines: string[] = [];
    let overflowed = false;
    const reader = new LineReader(
      maxLineBytes,
      (line) => lines.push(line),
      () => (overflowed = true),
    );
    for (const chunk of chunks) reader.push(chunk);
    return { lines, overflowed };
  };

  it("joins a line split over chunks, also inside a character, and splits several lines in one chunk", () => {
    const bytes = Buffer.from('{"a":"名前"}\n{"b":2}\n{"c"', "utf8");
    const chunks = [bytes.subarray(0, 8), bytes.subarray(8, 9), bytes.subarray(9), Buffer.from(":3}\n")];
    expect(read(chunks).lines).toEqual(['{"a":"名前"}', '{"b":2}', '{"c":3}']);
  });

  it("stops holding an unfinished line past the limit", () => {
    expect(read([Buffer.from("x".repeat(600)), Buffer.from("x".repeat(600))]).overflowed).toBe(true);
    expect(read([Buffer.from(`${"x".repeat(900)}\n`)]).overflowed).toBe(false);
  });
});
