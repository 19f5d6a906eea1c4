import { randomBytes } from "node:crypto";
import type { RegistryEvent, RegistryEventLog } from "@switchboard/core/registry";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEtcdCluster, type EtcdCluster } from "../../../../scripts/lib/etcd-cluster.ts";
import { openEtcdRegistry, type EtcdRegistry } from "./open-etcd-registry.ts";

let cluster: EtcdCluster;
const opened: EtcdRegistry[] = [];
beforeAll(async () => {
  cluster = await startEtcdCluster();
});
afterEach(async () => {
  for (const registry of opened.splice(0)) await registry.close();
});
afterAll(() => cluster.stop());

/** Replicas of one directory (one prefix), as several registry processes would open it. */
function directory() {
  const prefix = `/mirror-${randomBytes(4).toString("hex")}/`;
  return async () => {
    const registry = await openEtcdRegistry({ endpoints: cluster.endpoints, prefix });
    opened.push(registry);
    return registry;
  };
}

const registration = (name: string, url = "http://127.0.0.1:1") => ({ name, url, tags: [], ttlMs: 10_000 });
const summary = (events: RegistryEvent[]) => events.map((event) => `${event.kind} ${event.name}`);

/** Follows `log` from `lastEventId` until `count` events arrived. */
async function take(log: RegistryEventLog, count: number, lastEventId?: string): Promise<RegistryEvent[]> {
  const controller = new AbortController();
  const events: RegistryEvent[] = [];
  const timer = setTimeout(() => controller.abort(), 10_000);
  for await (const event of log.follow({}, lastEventId, controller.signal)) {
    events.push(event);
    if (events.length === count) controller.abort();
  }
  clearTimeout(timer);
  return events;
}

// Real etcd under a full parallel test run on 2 cores: give each case room beyond the 5 s default.
describe("the etcd mirror", { timeout: 20_000 }, () => {
  it("reads its own writes at once, and another replica's within milliseconds", async () => {
    const open = directory();
    const [a, b] = [await open(), await open()];
    const lease = (await a.store.register(registration("mirrored"), Date.now()))!;
    // A returned only once its mirror had the write: no wait needed on A.
    expect(await a.store.lookup("mirrored", Date.now())).toHaveLength(1);
    await expect.poll(() => b.store.lookup("mirrored", Date.now()).then((found) => found.length)).toBe(1);
    expect(await b.store.deregister(lease.leaseId)).toBe(true);
    expect(await b.store.lookup("mirrored", Date.now())).toEqual([]);
    await expect.poll(() => a.store.lookup("mirrored", Date.now()).then((found) => found.length)).toBe(0);
  });

  it("renews through any replica a lease it has not seen yet, and fences a replaced one", async () => {
    const open = directory();
    const [a, b] = [await open(), await open()];
    const first = (await a.store.register(registration("fenced"), Date.now()))!;
    // Straight to B, without waiting for B's mirror: B asks etcd which key the lease holds.
    expect(await b.store.renew(first.leaseId, Date.now())).toMatchObject({ name: "fenced", leaseId: first.leaseId });
    const second = (await a.store.register(registration("fenced"), Date.now()))!;
    expect(await b.store.renew(first.leaseId, Date.now())).toBeNull();
    expect(await b.store.renew(second.leaseId, Date.now())).toMatchObject({ leaseId: second.leaseId });
    expect(await b.store.renew("not-a-lease", Date.now())).toBeNull();
  });

  it("gives every change the same id on every replica: <cluster>-<prefix>:<revision>.<n>", async () => {
    const open = directory();
    const [a, b] = [await open(), await open()];
    const watchingA = take(a.events, 3);
    const watchingB = take(b.events, 3);
    const lease = (await a.store.register(registration("same.ids"), Date.now()))!;
    await b.store.setTags("same.ids", ["t"], Date.now());
    await a.store.deregisterMany([lease.leaseId]);
    const [fromA, fromB] = [await watchingA, await watchingB];
    expect(summary(fromA)).toEqual(["registered same.ids", "updated same.ids", "removed same.ids"]);
    expect(fromB.map((event) => event.id)).toEqual(fromA.map((event) => event.id));
    expect(fromA[0]!.id).toMatch(/^[0-9a-f]+-[0-9a-f]{6}:\d+\.0$/);
  });

  it("numbers several changes of one revision (a bulk removal is one transaction)", async () => {
    const open = directory();
    const a = await open();
    const leases = [];
    for (const name of ["bulk.a", "bulk.b", "bulk.c"]) leases.push((await a.store.register(registration(name), 0))!);
    const watching = take(a.events, 3);
    expect(await a.store.deregisterMany(leases.map((lease) => lease.leaseId))).toBe(3);
    const ids = (await watching).map((event) => event.id.split(":")[1]);
    const revision = ids[0]!.split(".")[0];
    expect(ids).toEqual([`${revision}.0`, `${revision}.1`, `${revision}.2`]);
  });

  it("resumes on a replica that started after the events, from etcd's history", async () => {
    const open = directory();
    const a = await open();
    const watching = take(a.events, 1);
    await a.store.register(registration("early.one"), Date.now());
    const [seen] = await watching;
    await a.store.register(registration("early.two"), Date.now());
    await a.store.setTags("early.one", ["x"], Date.now());
    const late = await open(); // its memory starts after all of that
    expect(summary(await take(late.events, 2, seen!.id))).toEqual(["registered early.two", "updated early.one"]);
  });

  // etcd 3.4 answers a progress request before a watcher that starts in the past has caught up: a read-back that
  // trusted it returned early, with some or none of the changes (and missed a compaction's cancel).
  it("reads back every change a late replica missed, many of them, without trusting progress notifications", async () => {
    const open = directory();
    const a = await open();
    const watching = take(a.events, 1);
    await a.store.register(registration("many.0"), Date.now());
    const [seen] = await watching;
    const names = Array.from({ length: 40 }, (_, index) => `many.${index + 1}`);
    for (const name of names) await a.store.register(registration(name), Date.now());
    const late = await open();
    const replayed = await take(late.events, names.length, seen!.id);
    expect(summary(replayed)).toEqual(names.map((name) => `registered ${name}`));
    expect(replayed.map((event) => event.id)).toEqual(
      (await take(a.events, names.length, seen!.id)).map((event) => event.id),
    );
  });

  it("says reset for a compacted revision, and for an id of another directory", async () => {
    const open = directory();
    const a = await open();
    const watching = take(a.events, 1);
    await a.store.register(registration("compacted.one"), Date.now());
    const [seen] = await watching;
    await a.store.register(registration("compacted.two"), Date.now());
    await a.client.compact(a.revision());
    const late = await open();
    expect(summary(await take(late.events, 1, seen!.id))).toEqual(["reset "]);
    const elsewhere = await directory()();
    expect(summary(await take(elsewhere.events, 1, seen!.id))).toEqual(["reset "]);
  });
});
