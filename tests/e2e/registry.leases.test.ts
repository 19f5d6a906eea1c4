import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnTs, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isRegistered = (switchboard: Switchboard, name: string) =>
  switchboard.registry.lookup.query({ name }).then(
    () => true,
    () => false,
  );

/** Polls `lookup` until the name is gone, or fails after `timeoutMs`. */
async function waitUntilGone(switchboard: Switchboard, name: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (await isRegistered(switchboard, name)) {
    if (Date.now() - started > timeoutMs) throw new Error(`${name} still registered after ${timeoutMs} ms`);
    await sleep(25);
  }
}

describe("registry leases, across real processes", () => {
  let system: RunningSystem;
  let switchboard: Switchboard;

  beforeAll(async () => {
    system = await startSystem({ REGISTRY_SWEEP_INTERVAL_MS: "100" });
    switchboard = system.switchboard();
  });
  afterAll(() => system.stopAll());

  it("an entry whose lease is not renewed is gone after its TTL", async () => {
    // Long enough that a loaded machine (the whole suite on 2 cores) cannot take it between the two calls.
    await switchboard.registry.register.mutate({ name: "test.silent", url: "http://127.0.0.1:9", ttlMs: 1_500 });
    expect((await switchboard.registry.lookup.query({ name: "test.silent" })).instances).toHaveLength(1);
    await sleep(1_700);
    await expect(switchboard.registry.lookup.query({ name: "test.silent" })).rejects.toMatchObject({
      message: "unknown name: test.silent",
      data: { code: "NOT_FOUND" },
    });
  });

  it("a running service stays registered past many TTLs, and a killed one disappears on its own", async () => {
    const greeter = await system.start("greeter", { GREETER_NAME: "test.heartbeat", SWITCHBOARD_LEASE_TTL_MS: "300" });
    await sleep(1_000);
    expect((await switchboard.registry.lookup.query({ name: "test.heartbeat" })).instances).toEqual([
      expect.objectContaining({ url: greeter.url }),
    ]);
    await greeter.stop("SIGKILL");
    // Lease 300 ms: gone well within 2 s, with no deregistration (the process was killed).
    await waitUntilGone(switchboard, "test.heartbeat", 2_000);
  });

  it("a clean shutdown deregisters at once, without waiting for the lease", async () => {
    const greeter = await system.start("greeter", { GREETER_NAME: "test.clean", SWITCHBOARD_LEASE_TTL_MS: "60000" });
    expect(await greeter.stop("SIGTERM")).toBe(0);
    expect(greeter.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(["deregistered", "stopped"]));
    await expect(switchboard.registry.lookup.query({ name: "test.clean" })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });

  it("a service started before the registry registers once the registry is up", async () => {
    const registryless = await startSystem();
    const registryUrl = registryless.registryUrl;
    const port = new URL(registryUrl).port;
    await registryless.registry.stop("SIGTERM");
    // The greeter starts first and keeps retrying; then the registry comes up on the same port and data dir.
    const greeter = spawnTs("apps/greeter/src/main.ts", [], {
      ...registryless.env,
      GREETER_PORT: "0",
      GREETER_NAME: "test.late",
    });
    try {
      await sleep(700);
      const registry = spawnTs("apps/registry/src/main.ts", [], { ...registryless.env, REGISTRY_PORT: port });
      try {
        const late = createSwitchboard({ registryUrl });
        try {
          let found = false;
          for (let attempt = 0; attempt < 100 && !found; attempt++) {
            found = await isRegistered(late, "test.late");
            if (!found) await sleep(100);
          }
          expect(found).toBe(true);
        } finally {
          late.close();
        }
      } finally {
        registry.kill("SIGKILL");
      }
    } finally {
      greeter.kill("SIGKILL");
    }
  });
});
