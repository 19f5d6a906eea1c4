import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { serveRouter, type ServingRouter } from "../server/serve.ts";
import { initService } from "../trpc.ts";
import { createDirectClient } from "./direct-client.ts";
import { createHttpTransport } from "./http-transport.ts";
import { registryTarget } from "./registry-target.ts";
import { createSender } from "./sender.ts";
import { createSubscriber } from "./subscriber.ts";
import { combinedTransformer } from "./codec.ts";
import { createWebSocketTransport } from "./ws-transport.ts";

/**
 * Two instances of one service over one shared store. The first one applies each mutation and then loses the
 * connection before it can answer — the worst case for a retry: the work was done, the caller cannot know it.
 */
const applied: string[] = [];
const byKey = new Map<string, number>();
let dropAfterApplying: (() => void) | undefined;

const t = initService<object>();
const router = t.router({
  /** Declares nothing: running it twice would apply it twice. */
  append: t.procedure.input(z.object({ text: z.string() })).mutation(async ({ input }) => {
    applied.push(input.text);
    dropAfterApplying?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return applied.length;
  }),
  /** Applies a key once and answers a repeat with the first result. */
  appendOnce: t.procedure
    .meta({ idempotent: { key: "key" } })
    .input(z.object({ text: z.string(), key: z.string().optional() }))
    .mutation(async ({ input }) => {
      const known = input.key === undefined ? undefined : byKey.get(input.key);
      if (known !== undefined) return known;
      applied.push(input.text);
      if (input.key !== undefined) byKey.set(input.key, applied.length);
      dropAfterApplying?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return applied.length;
    }),
});

describe("a mutation is sent again after a dropped connection only when its procedure declares it safe", () => {
  let flaky: ServingRouter;
  let steady: ServingRouter;
  const flakySockets: Socket[] = [];

  beforeAll(async () => {
    flaky = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
    steady = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
    flaky.server.on("connection", (socket) => flakySockets.push(socket));
  });
  afterAll(async () => {
    await flaky.close({ drainMs: 0 });
    await steady.close({ drainMs: 0 });
  });

  for (const transport of ["ws", "http"] as const) {
    const clientOf = () => {
      // The flaky instance first; on failure the target moves to the steady one.
      const target = registryTarget([flaky.url, steady.url]);
      const carrier = transport === "ws" ? createWebSocketTransport() : createHttpTransport();
      return createDirectClient<typeof router>(
        createSender({ target, transport: carrier }),
        createSubscriber({ target, transport: carrier, transformer: combinedTransformer(undefined) }),
      );
    };

    it(`does not repeat an undeclared mutation (${transport}): the call fails, the work is done once`, async () => {
      applied.length = 0;
      dropAfterApplying = () => {
        dropAfterApplying = undefined;
        for (const socket of flakySockets.splice(0)) socket.destroy();
      };
      await expect(clientOf().append.mutate({ text: "once" })).rejects.toThrow(/append on .* failed/);
      expect(applied).toEqual(["once"]);
    });

    it(`repeats a declared mutation on the other instance (${transport}), applied once`, async () => {
      applied.length = 0;
      dropAfterApplying = () => {
        dropAfterApplying = undefined;
        for (const socket of flakySockets.splice(0)) socket.destroy();
      };
      const position = await clientOf().appendOnce.mutate({ text: "keyed", key: `k-${transport}` });
      expect(position).toBe(1);
      expect(applied).toEqual(["keyed"]);
    });
  }

  it("does not repeat a declared-by-key mutation sent without its key", async () => {
    applied.length = 0;
    dropAfterApplying = () => {
      dropAfterApplying = undefined;
      for (const socket of flakySockets.splice(0)) socket.destroy();
    };
    const target = registryTarget([flaky.url, steady.url]);
    const client = createDirectClient<typeof router>(
      createSender({ target, transport: createWebSocketTransport() }),
      createSubscriber({ target, transport: createWebSocketTransport(), transformer: combinedTransformer(undefined) }),
    );
    await expect(client.appendOnce.mutate({ text: "no key" })).rejects.toThrow(/failed/);
    expect(applied).toEqual(["no key"]);
  });
});
