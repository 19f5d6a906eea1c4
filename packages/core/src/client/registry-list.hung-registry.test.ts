import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { serveRouter, type ServingRouter } from "../server/serve.ts";
import { silentLogger } from "../shared/logger.ts";
import { initService } from "../trpc.ts";
import { announce } from "./announce.ts";
import { createSwitchboard } from "./switchboard.ts";

const t = initService<object>();

/** Just enough of a registry to register and heartbeat; `hang()` makes it accept requests and never answer. */
async function fakeRegistry() {
  const heartbeats: string[] = [];
  let hanging = false;
  const stall = () => (hanging ? new Promise<never>(() => undefined) : Promise.resolve());
  const router = t.router({
    ping: t.procedure.query(() => stall().then(() => "pong")),
    register: t.procedure
      .input(z.object({ name: z.string() }).loose())
      .mutation(() => stall().then(() => ({ leaseId: "lease-1", ttlMs: 600, leaseExpiresAt: 0 }))),
    heartbeat: t.procedure.input(z.object({ leaseId: z.string() })).mutation(({ input }) =>
      stall().then(() => {
        heartbeats.push(input.leaseId);
        return { leaseId: input.leaseId, leaseExpiresAt: 0 };
      }),
    ),
  });
  const serving: ServingRouter = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
  return { url: serving.url, heartbeats, hang: () => (hanging = true), close: () => serving.close({ drainMs: 0 }) };
}

// A hung registry — a frozen process, or one behind a network partition that drops packets — refuses nothing: each
// request to it just runs out of time. Without moving on, every later request (heartbeats too) went to it again, and
// a service lost its lease while the other registry was fine.
describe("a registry list with a registry that stops answering", () => {
  let first: Awaited<ReturnType<typeof fakeRegistry>>;
  let second: Awaited<ReturnType<typeof fakeRegistry>>;
  beforeAll(async () => {
    [first, second] = await Promise.all([fakeRegistry(), fakeRegistry()]);
  });
  afterAll(() => Promise.all([first.close(), second.close()]));

  it("sends heartbeats to the next registry after one timed out", async () => {
    const switchboard = createSwitchboard({ registryUrl: [first.url, second.url], log: silentLogger, watch: false });
    const announcement = announce({
      registry: switchboard.registry,
      name: "acme.x",
      url: "http://127.0.0.1:1",
      ttlMs: 600,
    });
    try {
      await announcement.registered;
      await expect.poll(() => first.heartbeats.length).toBeGreaterThan(0);
      first.hang();
      // One heartbeat runs out of its 200 ms; the next goes to the second registry, well within the 600 ms lease.
      await expect.poll(() => second.heartbeats.length, { timeout: 1_000 }).toBeGreaterThan(0);
      expect(await switchboard.registry.ping.query()).toBe("pong");
    } finally {
      await announcement.stop();
      switchboard.close();
    }
  });
});
