import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectUrl } from "../client/switchboard.ts";
import { initService } from "../trpc.ts";
import { serveRouter } from "./serve.ts";

const t = initService<object>();
const router = t.router({
  slowly: t.procedure.input(z.number()).mutation(async ({ input }) => {
    await new Promise((resolve) => setTimeout(resolve, input));
    return "done";
  }),
});

describe("shutting a service down", () => {
  for (const transport of ["ws", "http"] as const) {
    it(`lets calls in flight answer before it closes (${transport})`, async () => {
      const serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
      const client = connectUrl<typeof router>(serving.url, { transport });
      await client.slowly.mutate(0); // connected
      const inFlight = client.slowly.mutate(300);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const closed = serving.close();
      expect(await inFlight).toBe("done");
      await closed;
      await expect(fetch(`${serving.url}/health`)).rejects.toThrow();
    });
  }

  it("stops waiting for a call that outlives the drain time", async () => {
    const serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
    const client = connectUrl<typeof router>(serving.url);
    await client.slowly.mutate(0);
    const endless = client.slowly.mutate(60_000).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await serving.close({ drainMs: 100 });
    expect(await endless).toMatchObject({ message: expect.stringMatching(/closed \(1001/) as unknown });
  });
});
