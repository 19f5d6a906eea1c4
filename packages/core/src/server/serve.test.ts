import { createTRPCClient, createWSClient, httpBatchLink, httpLink, TRPCClientError, wsLink } from "@trpc/client";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { z } from "zod";
import { switchboardLink } from "../client/link.ts";
import { fixedTarget } from "../client/sender.ts";
import { connectUrl } from "../client/switchboard.ts";
import { createWebSocketTransport } from "../client/ws-transport.ts";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

const t = initService<{ caller: string }>();
const testRouter = t.router({
  greet: t.procedure.input(z.string()).query(({ input, ctx }) => `hello ${input} from ${ctx.caller}`),
  add: t.procedure.input(z.object({ a: z.number(), b: z.number() })).mutation(({ input }) => input.a + input.b),
  conflict: t.procedure.mutation(() => {
    throw new TRPCError({ code: "CONFLICT", message: "name already registered: x" });
  }),
  slow: t.procedure.query(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return "finally";
  }),
  crash: t.procedure.query(() => {
    throw new Error("secret internals");
  }),
});
type TestRouter = typeof testRouter;

let serving: ServingRouter;
const serverErrors: string[] = [];

beforeAll(async () => {
  serving = await serveRouter({
    router: testRouter,
    createContext: ({ headers }) => ({ caller: String(headers["x-caller"] ?? "anonymous") }),
    host: "127.0.0.1",
    port: 0,
    health: () => ({ service: "test" }),
    onError: (error) => serverErrors.push(error.code),
  });
});
afterAll(() => serving.close());

async function get(path: string) {
  const response = await fetch(`${serving.url}${path}`);
  return { status: response.status, body: await response.json() };
}

async function post(path: string, body: string) {
  const response = await fetch(`${serving.url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
  });
  return { status: response.status, body: await response.json() };
}

describe("serveRouter over HTTP", () => {
  it("answers a single query on the fast path in tRPC's format, with the request's context", async () => {
    const response = await fetch(`${serving.url}/trpc/greet?input=${encodeURIComponent('"Ann"')}`, {
      headers: { "x-caller": "curl" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { data: "hello Ann from curl" } });
  });

  it("answers a batch in tRPC's format, with the same data", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: "Ann", 1: "Bob" }));
    expect(await get(`/trpc/greet,greet?batch=1&input=${input}`)).toEqual({
      status: 200,
      body: [{ result: { data: "hello Ann from anonymous" } }, { result: { data: "hello Bob from anonymous" } }],
    });
  });

  it("gives the same error shape for a single call and a batch", async () => {
    const fast = await get(`/trpc/greet?input=${encodeURIComponent("42")}`);
    const batch = await get(`/trpc/greet?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: 42 }))}`);
    expect(fast.status).toBe(400);
    expect(fast.body).toEqual({ error: (batch.body as Array<{ error: unknown }>)[0]?.error });
    expect(fast.body).toMatchObject({
      error: { code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, path: "greet" } },
    });
  });

  it("runs a mutation posted as JSON", async () => {
    expect(await post("/trpc/add", JSON.stringify({ a: 2, b: 3 }))).toEqual({
      status: 200,
      body: { result: { data: 5 } },
    });
  });

  it("answers domain errors with their HTTP status, and hides internal errors' details", async () => {
    expect(await post("/trpc/conflict", "")).toMatchObject({
      status: 409,
      body: { error: { message: "name already registered: x" } },
    });
    const crash = await get("/trpc/crash");
    expect(crash.status).toBe(500);
    expect(JSON.stringify(crash.body)).not.toContain("at ");
    expect(serverErrors).toContain("INTERNAL_SERVER_ERROR");
  });

  it("refuses input that is not JSON with PARSE_ERROR", async () => {
    expect(await post("/trpc/add", "{not json")).toMatchObject({
      status: 400,
      body: { error: { data: { code: "PARSE_ERROR" } } },
    });
  });

  it("refuses a body over 1 MiB with PAYLOAD_TOO_LARGE", async () => {
    const huge = JSON.stringify({ a: 1, b: 2, pad: "x".repeat(2 * 1024 * 1024) });
    expect(await post("/trpc/add", huge)).toMatchObject({
      status: 413,
      body: { error: { data: { code: "PAYLOAD_TOO_LARGE" } } },
    });
  });

  it("answers a query POSTed with its input in the body (method override), keeping inputs out of the URL", async () => {
    expect(await post("/trpc/greet", JSON.stringify("Ann"))).toEqual({
      status: 200,
      body: { result: { data: "hello Ann from anonymous" } },
    });
  });

  it("answers unknown procedures NOT_FOUND naming them, and a mutation fetched with GET METHOD_NOT_SUPPORTED", async () => {
    expect(await get("/trpc/nope")).toMatchObject({
      status: 404,
      body: { error: { message: 'No "query"-procedure on path "nope"', data: { code: "NOT_FOUND", path: "nope" } } },
    });
    // A POST without input or content-type: tRPC's stock handler answered 415 "Missing content-type header" here.
    const posted = await fetch(`${serving.url}/trpc/nope`, { method: "POST" });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ error: { message: 'No "mutation"-procedure on path "nope"' } });
    expect(await get("/trpc/add")).toMatchObject({
      status: 405,
      body: { error: { message: "add is a mutation: POST it" } },
    });
  });

  it("serves /health and 404s anything else", async () => {
    expect(await get("/health")).toEqual({ status: 200, body: { status: "ok", service: "test" } });
    expect((await get("/elsewhere")).status).toBe(404);
  });
});

describe("stock tRPC clients against serveRouter", () => {
  it("httpLink and httpBatchLink work unchanged", async () => {
    const single = createTRPCClient<TestRouter>({ links: [httpLink({ url: `${serving.url}/trpc` })] });
    const batched = createTRPCClient<TestRouter>({ links: [httpBatchLink({ url: `${serving.url}/trpc` })] });
    expect(await single.greet.query("Ann")).toBe("hello Ann from anonymous");
    expect(await Promise.all([batched.add.mutate({ a: 1, b: 1 }), batched.add.mutate({ a: 2, b: 2 })])).toEqual([2, 4]);
  });

  it("httpBatchLink with methodOverride POST works too (queries in the body)", async () => {
    const client = createTRPCClient<TestRouter>({
      links: [httpBatchLink({ url: `${serving.url}/trpc`, methodOverride: "POST" })],
    });
    expect(await Promise.all([client.greet.query("Ann"), client.greet.query("Bo")])).toEqual([
      "hello Ann from anonymous",
      "hello Bo from anonymous",
    ]);
  });

  it("wsLink works unchanged, errors included", async () => {
    const wsClient = createWSClient({
      url: `${serving.url.replace("http", "ws")}/trpc`,
      WebSocket: WebSocket as never,
    });
    const client = createTRPCClient<TestRouter>({ links: [wsLink({ client: wsClient })] });
    try {
      expect(await client.greet.query("Ann")).toBe("hello Ann from anonymous");
      await expect(client.conflict.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    } finally {
      await wsClient.close();
    }
  });
});

describe("the Switchboard link against serveRouter", () => {
  it("tells a caller which instance answered, for results and errors alike", async () => {
    const client = connectUrl<TestRouter>(serving.url);
    const answeredBy: string[] = [];
    const onAnswer = (url: string) => answeredBy.push(url);
    await client.greet.query("Ann", { context: { onAnswer } });
    await client.conflict.mutate(undefined, { context: { onAnswer } }).catch(() => undefined);
    expect(answeredBy).toEqual([serving.url, serving.url]);
  });

  for (const transport of ["ws", "http"] as const) {
    it(`calls queries and mutations over ${transport}, and surfaces errors as TRPCClientError`, async () => {
      const client = connectUrl<TestRouter>(serving.url, { transport });
      expect(await client.greet.query("Ann")).toBe("hello Ann from anonymous");
      expect(await client.add.mutate({ a: 20, b: 22 })).toBe(42);
      const refused = await client.conflict.mutate().catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TRPCClientError);
      expect(refused).toMatchObject({
        message: "name already registered: x",
        data: { code: "CONFLICT", httpStatus: 409 },
      });
    });
  }

  it("works as a link inside a standard createTRPCClient too", async () => {
    const client = createTRPCClient<TestRouter>({
      links: [switchboardLink({ target: fixedTarget(serving.url), transport: createWebSocketTransport() })],
    });
    expect(await client.add.mutate({ a: 1, b: 2 })).toBe(3);
    await expect(client.conflict.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  });

  for (const transport of ["ws", "http"] as const) {
    it(`times out a call over ${transport}: 100 ms on a 1 s procedure fails with TIMEOUT, and the client goes on`, async () => {
      const client = connectUrl<TestRouter>(serving.url, { transport });
      const started = performance.now();
      const refused = await client.slow
        .query(undefined, { context: { timeoutMs: 100 } })
        .catch((error: unknown) => error);
      const elapsedMs = performance.now() - started;
      expect(refused).toBeInstanceOf(TRPCClientError);
      expect(refused).toMatchObject({
        message: "slow timed out after 100 ms",
        data: { code: "TIMEOUT", httpStatus: 408 },
      });
      expect(elapsedMs).toBeLessThan(300);
      expect(await client.greet.query("again")).toBe("hello again from anonymous");
    });
  }

  it("takes a timeout from the client's default or from an AbortSignal too", async () => {
    const withDefault = connectUrl<TestRouter>(serving.url, { timeoutMs: 100 });
    await expect(withDefault.slow.query()).rejects.toMatchObject({ data: { code: "TIMEOUT" } });
    const plain = connectUrl<TestRouter>(serving.url);
    await expect(plain.slow.query(undefined, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      data: { code: "TIMEOUT" },
    });
    const controller = new AbortController();
    const aborted = plain.slow.query(undefined, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(TRPCClientError);
  });

  it("answers a WebSocket message over the 1 MiB cap with PAYLOAD_TOO_LARGE, and the connection's other calls go on", async () => {
    const client = connectUrl<TestRouter>(serving.url, { transport: "ws" });
    const concurrent = client.slow.query();
    await expect(client.add.mutate({ a: 1, b: 2, pad: "x".repeat(2 * 1024 * 1024) } as never)).rejects.toMatchObject({
      message: "the message exceeds the request limit of 1 MiB",
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 },
    });
    expect(await concurrent).toBe("finally");
    expect(await client.add.mutate({ a: 1, b: 2 })).toBe(3);
  });

  it("closes only the one connection that sends a frame far over the cap, and keeps serving", async () => {
    const client = connectUrl<TestRouter>(serving.url, { transport: "ws" });
    await expect(client.add.mutate({ a: 1, b: 2, pad: "x".repeat(5 * 1024 * 1024) } as never)).rejects.toThrow(
      /the server refused a message over its size limit/,
    );
    expect(await client.add.mutate({ a: 1, b: 2 })).toBe(3);
    // The server process is still up for everyone else (an unhandled socket error would have killed it).
    expect((await fetch(`${serving.url}/health`)).status).toBe(200);
  });

  it("answers many concurrent calls on one WebSocket, each with its own result", async () => {
    const client = connectUrl<TestRouter>(serving.url, { transport: "ws" });
    const sums = await Promise.all(Array.from({ length: 200 }, (_, index) => client.add.mutate({ a: index, b: 1 })));
    expect(sums).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
  });

  it("fails with a clear error when nothing listens at the URL", async () => {
    const client = connectUrl<TestRouter>("http://127.0.0.1:1", { transport: "ws" });
    await expect(client.greet.query("x")).rejects.toThrow(
      /greet on http:\/\/127\.0\.0\.1:1 failed: cannot connect to ws:\/\/127\.0\.0\.1:1\/trpc: ECONNREFUSED/,
    );
  });
});
