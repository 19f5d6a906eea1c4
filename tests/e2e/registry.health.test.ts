import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("active health checks by the registry", () => {
  let system: RunningSystem;
  let switchboard: Switchboard;
  let healthStatus = 200;
  let probes = 0;
  const instance = http.createServer((req, res) => {
    probes++;
    res.writeHead(req.url === "/health" ? healthStatus : 404).end();
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => instance.listen(0, "127.0.0.1", resolve));
    system = await startSystem({ REGISTRY_HEALTH_INTERVAL_MS: "100", REGISTRY_HEALTH_FAILURES: "3" });
    switchboard = system.switchboard();
    const { port } = instance.address() as AddressInfo;
    await switchboard.registry.register.mutate({
      name: "test.probed",
      url: `http://127.0.0.1:${port}`,
      ttlMs: 600_000,
    });
  });
  afterAll(async () => {
    instance.close();
    await system.stopAll();
  });

  /** Waits until `probes` more health checks reached the instance. */
  async function rounds(count: number): Promise<void> {
    const target = probes + count;
    while (probes < target) await sleep(20);
  }

  const lookup = () =>
    switchboard.registry.lookup.query({ name: "test.probed" }).then(
      (found) => found.instances.length,
      (error: Error) => error.message,
    );

  it("keeps an instance through a failure or two (no flapping)", async () => {
    await rounds(1);
    healthStatus = 503;
    await rounds(2);
    healthStatus = 200;
    await rounds(2);
    expect(await lookup()).toBe(1);
  });

  it("marks it down after three failed probes in a row, and lookups skip it", async () => {
    healthStatus = 503;
    await rounds(4);
    expect(await lookup()).toBe("no healthy instance of test.probed");
    const [entry] = await switchboard.registry.list.query({ prefix: "test.probed" });
    expect(entry?.instances).toEqual([expect.objectContaining({ healthy: false })]);
  });

  it("brings it back at its first healthy answer", async () => {
    healthStatus = 200;
    await rounds(2);
    expect(await lookup()).toBe(1);
  });
});
