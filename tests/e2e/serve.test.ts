import { connect } from "@switchboard/api/client";
import { initService, serve, silentLogger } from "@switchboard/core/server";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

// What a user of Switchboard writes: their own router, published under a name with serve(), called by name with
// connect(), typed from the router. (The pack-and-install test is the same from outside the workspace.)
const t = initService<object>();
const calculator = t.router({
  add: t.procedure.input(z.object({ a: z.number(), b: z.number() })).query(({ input }) => input.a + input.b),
});

describe("serve(): publish your own router under a name", () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.stopAll());

  it("serves, registers, answers by name with /health, and deregisters on shutdown", async () => {
    const lines: string[] = [];
    const log = { ...silentLogger, info: (_: object, message: string) => void lines.push(message) };
    const service = await serve(calculator, {
      name: "acme.calculator",
      registryUrl: system.registryUrl,
      registryToken: system.registryToken,
      tags: ["math"],
      log,
      exitOnSignals: false,
    });
    const client = connect<typeof calculator>("acme.calculator", { registryUrl: system.registryUrl });
    try {
      await expect.poll(() => client.add.query({ a: 20, b: 22 }).catch(() => undefined)).toBe(42);
      expect(await (await fetch(`${service.url}/health`)).json()).toMatchObject({ status: "ok" });
      const registry = system.switchboard().registry;
      expect((await registry.lookup.query({ name: "acme.calculator" })).instances).toEqual([
        // Its own tags, and the schema hash serve() publishes with every registration.
        expect.objectContaining({
          url: service.url,
          tags: ["math", expect.stringMatching(/^switchboard:schema=[\da-f]{16}$/)],
        }),
      ]);

      await service.shutdown("test");
      await expect(registry.lookup.query({ name: "acme.calculator" })).rejects.toBeInstanceOf(TRPCClientError);
      expect(lines).toEqual(expect.arrayContaining(["listening", "registered", "shutting down", "stopped"]));
    } finally {
      await service.shutdown("test");
    }
  });
});
