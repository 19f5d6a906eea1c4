import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectUrl } from "../client/switchboard.ts";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

const t = initService<object>();
const router = t.router({
  slowly: t.procedure.input(z.number()).mutation(async ({ input }) => {
    await new Promise((resolve) => setTimeout(resolve, input));
    return "done";
  }),
});

/** A client whose persistent socket is open: over TCP the first calls go over HTTP until it is. */
async function connected(url: string, transport: "tcp" | "ws" | "http", serving: ServingRouter) {
  const client = connectUrl<typeof router>(url, { transport });
  let httpCalls = 0;
  serving.server.on("request", () => httpCalls++);
  await expect
    .poll(async () => {
      const before = httpCalls;
      await client.slowly.mutate(0);
      return transport === "http" || httpCalls === before;
    })
    .toBe(true);
  return client;
}

describe("shutting a service down", () => {
  for (const transport of ["tcp", "ws", "http"] as const) {
    it(`lets calls in flight answer before it closes (${transport})`, async () => {
      const serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
      const client = await connected(serving.url, transport, serving);
      const inFlight = client.slowly.mutate(300);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = serving.close();
      expect(await inFlight).toBe("done");
      await closed;
      await expect(fetch(`${serving.url}/health`)).rejects.toThrow();
    });
  }

  for (const transport of ["tcp", "ws"] as const) {
    it(`stops waiting for a call that outlives the drain time, and says why (${transport})`, async () => {
      const serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
      const client = await connected(serving.url, transport, serving);
      const endless = client.slowly.mutate(60_000).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await serving.close({ drainMs: 100 });
      expect(await endless).toMatchObject({
        message: expect.stringMatching(/closed \(1001: server shutting down\)/) as unknown,
      });
    });
  }
});
