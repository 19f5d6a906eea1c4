import { randomBytes } from "node:crypto";
import { createSwitchboard, type RegistryEvent, type Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEtcdCluster, type EtcdCluster } from "../../scripts/lib/etcd-cluster.ts";
import { freshDataDir, spawnTs, startApp, type RunningApp } from "../../scripts/lib/processes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects a watch's events until `count` arrived; fails after `timeoutMs`. */
function collect(
  switchboard: Switchboard,
  options: Parameters<Switchboard["watch"]>[0],
  count: number,
  timeoutMs = 10_000,
) {
  const events: RegistryEvent[] = [];
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const finished = new Promise<RegistryEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`watch saw only ${JSON.stringify(events.map((event) => `${event.kind} ${event.name}`))}`));
    }, timeoutMs);
    const stop = switchboard.watch(options, {
      onEvent: (event) => {
        events.push(event);
        if (events.length === count) {
          clearTimeout(timer);
          stop();
          resolve(events);
        }
      },
      onError: reject,
      onStarted: () => markStarted(),
    });
  });
  return { started, finished };
}

const summary = (events: RegistryEvent[]) => events.map((event) => `${event.kind} ${event.name}`);

describe("two registry processes on one etcd cluster", () => {
  let cluster: EtcdCluster;
  let registryA: RunningApp;
  let registryB: RunningApp;
  let viaA: Switchboard;
  let viaB: Switchboard;
  const token = randomBytes(24).toString("base64url");

  beforeAll(async () => {
    cluster = await startEtcdCluster();
    const env = {
      SWITCHBOARD_DATA_DIR: freshDataDir(),
      REGISTRY_TOKEN: token,
      REGISTRY_STORE: "etcd",
      REGISTRY_ETCD_ENDPOINTS: cluster.endpoints.join(","),
    };
    [registryA, registryB] = await Promise.all([startApp("registry", env), startApp("registry", env)]);
    viaA = createSwitchboard({ registryUrl: registryA.url, registryToken: token });
    viaB = createSwitchboard({ registryUrl: registryB.url, registryToken: token });
  });
  afterAll(async () => {
    viaA?.close();
    viaB?.close();
    await Promise.all([registryA?.stop("SIGKILL"), registryB?.stop("SIGKILL")]);
    await cluster?.stop();
  });

  it("a registration through A is looked up through B, and both list themselves as switchboard.registry", async () => {
    await viaA.registry.register.mutate({ name: "test.shared", url: "http://127.0.0.1:7001", tags: ["a"] });
    // B's mirror follows etcd's watch: a few milliseconds behind A at most.
    await expect
      .poll(() =>
        viaB.registry.lookup.query({ name: "test.shared" }).then((found) => found.instances.map((i) => i.url)),
      )
      .toEqual(["http://127.0.0.1:7001"]);
    const registries = await viaB.registry.lookup.query({ name: "switchboard.registry" });
    expect(registries.instances.map((instance) => instance.url).sort()).toEqual([registryA.url, registryB.url].sort());
  });

  it("a heartbeat through B keeps a lease registered through A alive; without heartbeats it expires on both", async () => {
    const lease = await viaA.registry.register.mutate({
      name: "test.roaming",
      url: "http://127.0.0.1:7002",
      ttlMs: 1_000,
    });
    const started = Date.now();
    while (Date.now() - started < 3_000) {
      await sleep(300);
      await viaB.registry.heartbeat.mutate({ leaseId: lease.leaseId });
    }
    for (const via of [viaA, viaB]) {
      expect((await via.registry.lookup.query({ name: "test.roaming" })).instances).toHaveLength(1);
    }
    // No more heartbeats: etcd revokes the 1-second lease, and the delete reaches every replica.
    for (const via of [viaA, viaB]) {
      await expect
        .poll(
          () =>
            via.registry.lookup.query({ name: "test.roaming" }).then(
              () => "found",
              () => "gone",
            ),
          {
            timeout: 5_000,
          },
        )
        .toBe("gone");
    }
    await expect(viaB.registry.heartbeat.mutate({ leaseId: lease.leaseId })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });

  it("a watch started on A and resumed on B with its last event id misses nothing", async () => {
    const first = collect(viaA, { prefix: "test.resume." }, 1);
    await first.started;
    await viaA.registry.register.mutate({ name: "test.resume.one", url: "http://127.0.0.1:7003" });
    const [seen] = await first.finished;
    // Away: changes through both registries, then the watcher reconnects — to the other one.
    const two = await viaB.registry.register.mutate({ name: "test.resume.two", url: "http://127.0.0.1:7004" });
    await viaA.registry.setMetadata.mutate({ name: "test.resume.one", tags: ["moved"] });
    await viaB.registry.deregister.mutate({ leaseId: two.leaseId });
    await viaA.registry.remove.mutate({ name: "test.resume.one" });
    const resumed = collect(viaB, { prefix: "test.resume.", lastEventId: seen?.id }, 4);
    const events = await resumed.finished;
    expect(summary(events)).toEqual([
      "registered test.resume.two",
      "updated test.resume.one",
      "removed test.resume.two",
      "removed test.resume.one",
    ]);
    // The same ids on either replica: resuming on A from B's third event gives B's fourth.
    const fromA = collect(viaA, { prefix: "test.resume.", lastEventId: events[2]!.id }, 1);
    expect((await fromA.finished)[0]).toMatchObject({ id: events[3]!.id, kind: "removed", name: "test.resume.one" });
  });

  it("an id from another store or cluster gets reset", async () => {
    const resumed = collect(viaB, { prefix: "test.", lastEventId: "deadbeef:12" }, 1);
    expect(summary(await resumed.finished)).toEqual(["reset "]);
  });
});

describe("a registry whose etcd cannot be reached", () => {
  it("fails at start-up within seconds, naming REGISTRY_ETCD_ENDPOINTS, with a non-zero exit", async () => {
    const started = Date.now();
    const child = spawnTs("apps/registry/src/main.ts", [], {
      SWITCHBOARD_DATA_DIR: freshDataDir(),
      REGISTRY_PORT: "0",
      REGISTRY_STORE: "etcd",
      REGISTRY_ETCD_ENDPOINTS: "http://127.0.0.1:9,http://127.0.0.1:11",
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000); // 5 s for etcd, plus tsx starting the process
    expect(output).toContain("REGISTRY_ETCD_ENDPOINTS");
    expect(output).toContain("cannot reach etcd at http://127.0.0.1:9,http://127.0.0.1:11");
    expect(output).not.toContain('"msg":"listening"');
  });
});
