import { createTRPCClient, createWSClient, httpBatchLink, httpLink, wsLink } from "@trpc/client";
import { initTRPC, tracked } from "@trpc/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { z } from "zod";
import { connectUrl } from "../client/switchboard.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

// A T3-style router: its own initTRPC with superjson, as most tRPC users have it.
const t = initTRPC.create({ transformer: superjson });
const router = t.router({
  roundTrip: t.procedure
    .input(z.object({ when: z.date(), tags: z.map(z.string(), z.number()), big: z.bigint(), missing: z.undefined() }))
    .mutation(({ input }) => ({
      ...input,
      later: new Date(input.when.getTime() + 1_000),
      seen: new Set(input.tags.keys()),
    })),
  now: t.procedure.query(() => new Date(0)),
  ticks: t.procedure.input(z.object({ from: z.date() })).subscription(async function* ({ input }) {
    for (let tick = 1; tick <= 3; tick++) {
      await Promise.resolve();
      yield tracked(String(tick), new Date(input.from.getTime() + tick));
    }
  }),
});
type Router = typeof router;

const input = {
  when: new Date("2026-12-03T10:00:00Z"),
  tags: new Map([["a", 1]]),
  big: 10n ** 20n,
  missing: undefined,
};
const expected = { ...input, later: new Date("2026-12-03T10:00:01Z"), seen: new Set(["a"]) };

describe("a router with a transformer (superjson), on every path and in both directions", () => {
  let serving: ServingRouter;
  beforeAll(async () => {
    serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
  });
  afterAll(() => serving.close());

  for (const transport of ["ws", "http"] as const) {
    it(`brings Date, Map, Set, BigInt and undefined back as themselves through connect() over ${transport}`, async () => {
      const client = connectUrl<Router>(serving.url, { transport, transformer: superjson });
      const answer = await client.roundTrip.mutate(input);
      expect(answer).toEqual(expected);
      expect(answer.later).toBeInstanceOf(Date);
      expect(await client.now.query()).toEqual(new Date(0));
    });

    it(`delivers a subscription's values deserialized, with their tracked ids, over ${transport}`, async () => {
      const client = connectUrl<Router>(serving.url, { transport, transformer: superjson });
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const seen: unknown[] = [];
        client.ticks.subscribe(
          { from: new Date(0) },
          { onData: (value) => seen.push(value), onComplete: () => resolve(seen), onError: reject },
        );
      });
      expect(values).toEqual([1, 2, 3].map((tick) => ({ id: String(tick), data: new Date(tick) })));
    });
  }

  it("answers stock tRPC clients with the transformer too: httpLink, httpBatchLink, wsLink", async () => {
    const wsClient = createWSClient({
      url: `${serving.url.replace("http", "ws")}/trpc`,
      WebSocket: WebSocket as never,
    });
    const clients = [
      createTRPCClient<Router>({ links: [httpLink({ url: `${serving.url}/trpc`, transformer: superjson })] }),
      createTRPCClient<Router>({ links: [httpBatchLink({ url: `${serving.url}/trpc`, transformer: superjson })] }),
      createTRPCClient<Router>({ links: [wsLink({ client: wsClient, transformer: superjson })] }),
    ];
    try {
      for (const client of clients) expect(await client.roundTrip.mutate(input)).toEqual(expected);
    } finally {
      await wsClient.close();
    }
  });

  it("needs the transformer to compile a client of such a router", () => {
    // @ts-expect-error -- the router has a transformer: the client must be given it
    connectUrl<Router>(serving.url);
    connectUrl<Router>(serving.url, { transformer: superjson });
  });
});
