import { randomBytes } from "node:crypto";
import {
  createSwitchboard,
  silentLogger,
  type GreeterRouter,
  type RegistryEvent,
  type Switchboard,
} from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEtcdCluster, type EtcdCluster } from "../../scripts/lib/etcd-cluster.ts";
import { freePort, freshDataDir, startApp, type RunningApp } from "../../scripts/lib/processes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const callers = 8;
/** Services heartbeat every second (a third of this); a lease not renewed through the survivor is gone in 3 s. */
const serviceLeaseMs = 3_000;

/**
 * The set-up `npm run start:cluster` runs: two registry processes on one etcd cluster, and every service and client
 * given both URLs (first A, then B). A is SIGKILLed under load; everything must carry on through B.
 */
describe("two registries on one etcd cluster, one SIGKILLed", { timeout: 40_000 }, () => {
  const token = randomBytes(24).toString("base64url");
  const dataDir = freshDataDir();
  let cluster: EtcdCluster;
  let ports: number[];
  let registryA: RunningApp;
  let registryB: RunningApp;
  let registryUrls: string[];
  const started: RunningApp[] = [];
  const switchboards: Switchboard[] = [];

  const startRegistry = (port: number) =>
    startApp("registry", {
      SWITCHBOARD_DATA_DIR: dataDir,
      REGISTRY_TOKEN: token,
      REGISTRY_PORT: String(port),
      REGISTRY_STORE: "etcd",
      REGISTRY_ETCD_ENDPOINTS: cluster.endpoints.join(","),
    }).then((registry) => (started.push(registry), registry));
  /** A greeter process that registers `name` through the list of both registries. */
  const startGreeter = (name: string) =>
    startApp("greeter", {
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_REGISTRY_URL: registryUrls.join(","),
      SWITCHBOARD_LEASE_TTL_MS: String(serviceLeaseMs),
      REGISTRY_TOKEN: token,
      GREETER_NAME: name,
    }).then((greeter) => (started.push(greeter), greeter));
  const client = (registryUrl: string | string[]) => {
    const switchboard = createSwitchboard({ registryUrl, registryToken: token, log: silentLogger });
    switchboards.push(switchboard);
    return switchboard;
  };

  beforeAll(async () => {
    cluster = await startEtcdCluster();
    // Fixed ports, so that A can come back at the address every client and service has in its list.
    ports = [await freePort(), await freePort()];
    [registryA, registryB] = await Promise.all([startRegistry(ports[0]!), startRegistry(ports[1]!)]);
    registryUrls = [registryA.url, registryB.url];
  });
  afterAll(async () => {
    for (const switchboard of switchboards) switchboard.close();
    await Promise.all(started.map((app) => app.stop("SIGKILL")));
    await cluster?.stop();
  });

  it("8 callers by name: no failed call; heartbeats, registrations and a watch carry on through the other", async () => {
    const greeters = await Promise.all([startGreeter("test.replicas.greeter"), startGreeter("test.replicas.greeter")]);
    const callerClients = Array.from({ length: callers }, () => client(registryUrls));

    // A watch through the list, opened on A before the kill, of the registrations made below.
    const watched: RegistryEvent[] = [];
    let watchStarts = 0;
    let stopWatching = () => undefined as void;
    await new Promise<void>((resolve) => {
      stopWatching = client(registryUrls).watch(
        { prefix: "test.replicas.churn." },
        { onEvent: (event) => watched.push(event), onStarted: () => (watchStarts++, resolve()) },
      );
    });

    let running = true;
    let killedAt = Number.POSITIVE_INFINITY;
    const failures: string[] = [];
    let calls = 0;
    let lookups = 0;
    // Callers: typed calls by name, and every 10th a fresh lookup of the name through the registry list.
    const callerLoops = callerClients.map(async (switchboard, caller) => {
      const greeter = switchboard.connect<GreeterRouter>("test.replicas.greeter");
      for (let call = 0; running; call++) {
        try {
          if (call % 10 === 9) {
            const found = await switchboard.registry.lookup.query({ name: "test.replicas.greeter" });
            expect(found.instances).toHaveLength(2);
            lookups++;
          } else {
            expect(await greeter.welcomeMessage.query(`caller ${caller}`)).toBe(`Hi welcome caller ${caller}`);
            calls++;
          }
        } catch (error) {
          failures.push(`caller ${caller}, call ${call}: ${(error as Error).message}`);
        }
        await sleep(5);
      }
    });
    // New registrations all along, through the list: each must arrive at the watch exactly once.
    const registrar = client(registryUrls);
    const registered: Array<{ name: string; at: number }> = [];
    const registering = (async () => {
      for (let index = 0; running; index++) {
        const name = `test.replicas.churn.${index}`;
        try {
          await registrar.registry.register.mutate({ name, url: `http://127.0.0.1:${20_000 + index}`, ttlMs: 60_000 });
          registered.push({ name, at: Date.now() });
        } catch (error) {
          failures.push(`register ${name}: ${(error as Error).message}`);
        }
        await sleep(40);
      }
    })();

    await sleep(1_500);
    killedAt = Date.now();
    await registryA.stop("SIGKILL");
    // Longer than the services' lease: they are alive afterwards only if their heartbeats went to B.
    await sleep(serviceLeaseMs + 1_500);
    running = false;
    await Promise.all([...callerLoops, registering]);

    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(400);
    expect(lookups).toBeGreaterThan(40);
    const afterKill = registered.filter((entry) => entry.at > killedAt);
    expect(afterKill.length).toBeGreaterThan(20);

    // Heartbeats went on through B: both greeters' leases (3 s) outlived the kill by more than their length, and
    // neither greeter lost its lease and had to register again.
    const viaB = client(registryB.url);
    expect((await viaB.registry.lookup.query({ name: "test.replicas.greeter" })).instances).toHaveLength(2);
    for (const greeter of greeters) {
      expect(greeter.logs.map((line) => line.msg)).not.toContain("registry lost our lease; registering again");
    }

    // The watch moved to B and resumed after its last event: every registration, in order, nothing missed, no
    // event delivered twice. (A registration cut off by the kill is sent again to B and runs twice — two real
    // events for one name, side by side — so names are compared in order of first appearance.)
    const names = () => [...new Set(watched.map((event) => event.name))];
    await expect.poll(() => names().length, { timeout: 5_000 }).toBeGreaterThanOrEqual(registered.length);
    stopWatching();
    expect(watchStarts).toBeGreaterThanOrEqual(2);
    expect(names()).toEqual(registered.map((entry) => entry.name));
    expect(new Set(watched.map((event) => event.kind))).toEqual(new Set(["registered"]));
    expect(new Set(watched.map((event) => event.id)).size).toBe(watched.length);
  });

  it("a service started while one registry is down is found by clients of the other, and of the first once back", async () => {
    if (registryA.child.exitCode === null && registryA.child.signalCode === null) await registryA.stop("SIGKILL");
    // Its list names A first: A refuses, B takes the registration.
    const late = await startGreeter("test.replicas.late");
    expect(late.logs.find((line) => line.msg === "registered")).toBeDefined();

    const ofB = client(registryB.url).connect<GreeterRouter>("test.replicas.late");
    expect(await ofB.welcomeMessage.query("from B")).toBe("Hi welcome from B");

    // A comes back at its address with an empty memory: it reads the directory from etcd.
    registryA = await startRegistry(ports[0]!);
    const ofA = client(registryA.url).connect<GreeterRouter>("test.replicas.late");
    expect(await ofA.welcomeMessage.query("from A")).toBe("Hi welcome from A");
  });
  it("a registry that hangs (SIGSTOP: what a partition that drops packets looks like) is passed over", async () => {
    // Registered while A answers, so A is where its heartbeats go until A stops answering.
    const greeter = await startGreeter("test.replicas.hung");
    const viaList = client(registryUrls);
    await viaList.registry.ping.query();
    registryA.child.kill("SIGSTOP");
    try {
      // One heartbeat runs out of its second; the next goes to B, so the 3 s lease outlives the hang.
      await sleep(serviceLeaseMs + 1_500);
      const viaB = client(registryB.url);
      expect((await viaB.registry.lookup.query({ name: "test.replicas.hung" })).instances).toHaveLength(1);
      expect(greeter.logs.map((line) => line.msg)).not.toContain("registry lost our lease; registering again");
      // A client's lookup spends its budget on A once, then asks B.
      await viaList.registry.lookup
        .query({ name: "test.replicas.hung" }, { context: { timeoutMs: 500 } })
        .catch(() => undefined);
      expect((await viaList.registry.lookup.query({ name: "test.replicas.hung" })).instances).toHaveLength(1);
    } finally {
      registryA.child.kill("SIGCONT");
    }
  });
});
