import { randomBytes } from "node:crypto";
import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEtcdCluster, type EtcdCluster } from "../../scripts/lib/etcd-cluster.ts";
import { freshDataDir, startApp, type RunningApp } from "../../scripts/lib/processes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const callers = 8;
const movesOf = (registry: RunningApp) =>
  registry.logs.filter((line) => line.msg === "etcd watch moved to another member").length;

/**
 * 8 callers, half through each of two registries, look names up and heartbeat their own leases while etcd members
 * are SIGKILLed: every call must succeed and every lease must survive.
 */
describe("registries on etcd while etcd members die", () => {
  let cluster: EtcdCluster;
  let registries: RunningApp[];
  let switchboards: Switchboard[];
  const token = randomBytes(24).toString("base64url");

  let follower: number;

  beforeAll(async () => {
    cluster = await startEtcdCluster();
    const leader = await cluster.leaderIndex();
    follower = (leader + 1) % 3;
    const other = (leader + 2) % 3;
    // A registry talks to its first endpoint until it fails: A starts on the follower killed first, B on the leader.
    const order = (first: number, second: number) => [first, second, other].map((index) => cluster.endpoints[index]);
    const env = (endpoints: Array<string | undefined>) => ({
      SWITCHBOARD_DATA_DIR: freshDataDir(),
      REGISTRY_TOKEN: token,
      REGISTRY_STORE: "etcd",
      REGISTRY_ETCD_ENDPOINTS: endpoints.join(","),
    });
    registries = await Promise.all([
      startApp("registry", env(order(follower, leader))),
      startApp("registry", env(order(leader, follower))),
    ]);
    switchboards = registries.map((registry) => createSwitchboard({ registryUrl: registry.url, registryToken: token }));
  });
  afterAll(async () => {
    for (const switchboard of switchboards ?? []) switchboard.close();
    await Promise.all((registries ?? []).map((registry) => registry.stop("SIGKILL")));
    await cluster?.stop();
  });

  /** Runs the callers until `scenario` is over; returns every failed call and how many calls there were. */
  async function underLoad(scenario: () => Promise<void>) {
    const failures: string[] = [];
    let calls = 0;
    let running = true;
    const leases = await Promise.all(
      Array.from({ length: callers }, (_, index) =>
        switchboards[index % 2]!.registry.register.mutate({
          name: `test.load.${index}`,
          url: `http://127.0.0.1:${7100 + index}`,
          ttlMs: 3_000,
        }),
      ),
    );
    const workers = leases.map(async (lease, index) => {
      const registry = switchboards[index % 2]!.registry;
      let lastHeartbeat = Date.now();
      while (running) {
        const started = Date.now();
        const call =
          started - lastHeartbeat >= 300
            ? registry.heartbeat.mutate({ leaseId: lease.leaseId }).then(() => (lastHeartbeat = started))
            : registry.lookup.query({ name: `test.load.${(index + calls) % callers}` });
        await call.then(
          () => calls++,
          (error: unknown) => failures.push(`caller ${index}: ${(error as Error).message}`),
        );
        await sleep(10);
      }
    });
    await scenario();
    running = false;
    await Promise.all(workers);
    return { failures, calls, leases };
  }

  async function expectEveryLeaseAlive(leases: Array<{ leaseId: string }>) {
    for (const switchboard of switchboards) {
      const { instances } = await switchboard.registry.count.query({ prefix: "test.load." });
      expect(instances).toBe(callers);
    }
    for (const [index, lease] of leases.entries()) {
      await switchboards[index % 2]!.registry.heartbeat.mutate({ leaseId: lease.leaseId });
      await switchboards[index % 2]!.registry.deregister.mutate({ leaseId: lease.leaseId });
    }
  }

  it("SIGKILL of a follower: no failed call, no lost lease", async () => {
    const { failures, calls, leases } = await underLoad(async () => {
      await sleep(1_000);
      expect(follower).not.toBe(await cluster.leaderIndex());
      await cluster.members[follower]!.kill();
      await sleep(3_000);
      await cluster.members[follower]!.restart();
      await sleep(1_000);
    });
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(500);
    // The registry that was on the killed member did fail over (its watch says so).
    expect(registries[0]!.logs.map((line) => line.msg)).toContain("etcd watch moved to another member");
    await expectEveryLeaseAlive(leases);
  });

  it("SIGKILL of the leader: no failed call, no lost lease", async () => {
    const { failures, calls, leases } = await underLoad(async () => {
      await sleep(1_000);
      const leader = cluster.members[await cluster.leaderIndex()]!;
      const movesBefore = movesOf(registries[1]!);
      await leader.kill();
      await sleep(4_000); // an election, then the survivors carry on with two of three members
      expect(movesOf(registries[1]!)).toBeGreaterThan(movesBefore);
      await leader.restart();
      await sleep(1_000);
    });
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(500);
    await expectEveryLeaseAlive(leases);
  });
});
