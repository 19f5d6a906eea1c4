import { createTRPCClient, createWSClient, httpBatchLink, httpLink, TRPCClientError, wsLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { z } from "zod";
import { connectUrl } from "../client/switchboard.ts";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

const t = initService<object>();
const router = t.router({
  echo: t.procedure.input(z.string()).mutation(({ input }) => input.length),
  big: t.procedure.input(z.number().int()).query(({ input }) => "x".repeat(input)),
});

// The request and reply caps hold on every path a call can take, for Switchboard's client and tRPC's stock ones alike.
describe("the request and reply caps, on every path", () => {
  let serving: ServingRouter;
  const twoMegabytes = "y".repeat(2 * 1024 * 1024);

  beforeAll(async () => {
    serving = await serveRouter({
      router,
      createContext: () => ({}),
      host: "127.0.0.1",
      port: 0,
      limits: { maxReplyBytes: 512 * 1024 },
    });
  });
  afterAll(() => serving.close());

  async function post(path: string, body: string) {
    const response = await fetch(`${serving.url}${path}`, { method: "POST", body });
    return { status: response.status, body: (await response.json()) };
  }

  it("refuses a 2 MB single call and a 2 MB batch alike with 413 naming the 1 MiB limit", async () => {
    const single = await post("/trpc/echo", JSON.stringify(twoMegabytes));
    const batch = await post("/trpc/echo?batch=1", JSON.stringify({ 0: twoMegabytes }));
    for (const answer of [single, batch]) {
      expect(answer.status).toBe(413);
      expect(JSON.stringify(answer.body)).toContain("the request body exceeds the limit of 1 MiB");
    }
  });

  it("refuses 2 MB from stock httpLink, httpBatchLink and wsLink clients with PAYLOAD_TOO_LARGE", async () => {
    const wsClient = createWSClient({
      url: `${serving.url.replace("http", "ws")}/trpc`,
      WebSocket: WebSocket as never,
    });
    const clients = [
      createTRPCClient<typeof router>({ links: [httpLink({ url: `${serving.url}/trpc` })] }),
      createTRPCClient<typeof router>({ links: [httpBatchLink({ url: `${serving.url}/trpc` })] }),
      createTRPCClient<typeof router>({ links: [wsLink({ client: wsClient })] }),
    ];
    try {
      for (const client of clients) {
        const refused = await client.echo.mutate(twoMegabytes).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(TRPCClientError);
        expect(refused).toMatchObject({ data: { code: "PAYLOAD_TOO_LARGE" } });
        expect(await client.echo.mutate("small")).toBe(5);
      }
    } finally {
      await wsClient.close();
    }
  });

  it("replaces a reply over the reply cap by PAYLOAD_TOO_LARGE, over HTTP, in a batch and over WebSocket", async () => {
    const overCap = 600 * 1024;
    const single = await fetch(`${serving.url}/trpc/big?input=${overCap}`);
    expect(single.status).toBe(413);
    expect(await single.json()).toMatchObject({
      error: { message: "the reply of big exceeds the reply limit of 512 KiB", data: { code: "PAYLOAD_TOO_LARGE" } },
    });
    const batch = await fetch(`${serving.url}/trpc/big,big?batch=1&input=${encodeURIComponent('{"0":10,"1":614400}')}`);
    expect(batch.status).toBe(207);
    expect(await batch.json()).toMatchObject([
      { result: { data: "x".repeat(10) } },
      { error: { data: { code: "PAYLOAD_TOO_LARGE" } } },
    ]);
    for (const transport of ["ws", "http"] as const) {
      const client = connectUrl<typeof router>(serving.url, { transport });
      await expect(client.big.query(overCap)).rejects.toMatchObject({ data: { code: "PAYLOAD_TOO_LARGE" } });
      expect(await client.big.query(3)).toBe("xxx");
    }
  });

  it("takes its caps from the service's options", async () => {
    const strict = await serveRouter({
      router,
      createContext: () => ({}),
      host: "127.0.0.1",
      port: 0,
      limits: { maxRequestBytes: 1_000 },
    });
    try {
      const client = connectUrl<typeof router>(strict.url, { transport: "ws" });
      await expect(client.echo.mutate("z".repeat(2_000))).rejects.toMatchObject({
        message: "the message exceeds the request limit of 1000 bytes",
      });
      expect(await client.echo.mutate("z".repeat(500))).toBe(500);
    } finally {
      await strict.close();
    }
  });
});
