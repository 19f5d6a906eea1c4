import { randomBytes } from "node:crypto";
import { openTestDatabase } from "@switchboard/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  RegistryEventLog,
  registryRouter,
  withMemoryIndex,
  type RegistryEvent,
  type RegistryStore,
} from "@switchboard/core/registry";
import { startEtcdCluster, type EtcdCluster } from "../../../scripts/lib/etcd-cluster.ts";
import { openEtcdRegistry } from "./etcd/open-etcd-registry.ts";
import { createPrismaRegistryStore } from "./prisma-store.ts";

/**
 * The router's behaviour on every store. SQLite's stores run on a clock the test moves by hand. etcd decides expiry
 * itself, with real leases of whole seconds (the test cluster grants 1-second leases): there, the cases about expiry
 * let real time pass, and the expiry shows as an `expired` event rather than as a sweep's count. Everything else runs
 * on the same hand-moved clock (the etcd store reports expiries from it).
 */
interface Registry {
  store: RegistryStore;
  events: RegistryEventLog;
  /** true: leases run out by themselves in real time (etcd); false: only when the test moves the clock. */
  realTime: boolean;
}

const openedRegistries: Array<() => Promise<void>> = [];
let etcdCluster: EtcdCluster | undefined;
const sqlite = () => openTestDatabase().db;

const stores = {
  "SQLite through Prisma": (): Promise<Registry> =>
    Promise.resolve({ store: createPrismaRegistryStore(sqlite()), events: new RegistryEventLog(), realTime: false }),
  "SQLite with the in-memory index": async (): Promise<Registry> => {
    const events = new RegistryEventLog();
    const store = await withMemoryIndex(createPrismaRegistryStore(sqlite()), 0, (kind, instance, at) =>
      events.append(kind, instance, at),
    );
    return { store, events, realTime: false };
  },
  "etcd (a real 3-member cluster)": async (): Promise<Registry> => {
    etcdCluster ??= await startEtcdCluster();
    // A prefix of its own per test: one cluster, as many independent directories as tests.
    const registry = await openEtcdRegistry({
      endpoints: etcdCluster.endpoints,
      prefix: `/contract-${randomBytes(4).toString("hex")}/`,
    });
    openedRegistries.push(() => registry.close());
    return { store: registry.store, events: registry.events, realTime: true };
  },
};
type StoreKind = keyof typeof stores;

afterEach(async () => {
  for (const close of openedRegistries.splice(0)) await close();
});
afterAll(async () => {
  await etcdCluster?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A registry on a real store with a clock the test moves by hand (and, on etcd, real time for expiry). */
async function openRegistry(kind: StoreKind) {
  const clock = { now: 1_000_000 };
  const { store, events, realTime } = await stores[kind]();
  const context = {
    store,
    now: () => clock.now,
    access: { canRead: true, canWrite: true, mayWrite: () => true },
    events,
  };
  const caller = registryRouter.createCaller(context);
  // Every event from the start, as "<kind> <name>".
  const seen: string[] = [];
  const watching = new AbortController();
  void (async () => {
    for await (const event of events.follow({}, undefined, watching.signal)) seen.push(`${event.kind} ${event.name}`);
  })();
  openedRegistries.push(() => Promise.resolve(watching.abort()));
  const time = {
    realTime,
    /** Lets `ms` pass: the hand-moved clock always, real time too where leases run in real time. */
    async pass(ms: number) {
      clock.now += ms;
      if (realTime) await sleep(ms);
    },
    /** Waits until `name` has no live instance: at once on SQLite (the clock decides), when etcd expired it otherwise. */
    async untilGone(name: string, timeoutMs = 6_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await store.lookup(name, clock.now)).length > 0) {
        if (!realTime || Date.now() > deadline) throw new Error(`${name} is still registered`);
        await sleep(50);
      }
    },
  };
  return { caller, clock, store, context, seen, time };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error instanceof TRPCError ? error.code : undefined;
}

describe.each(Object.keys(stores) as StoreKind[])("registry router on %s", (kind) => {
  it("registers a name and looks it up, with its tags as a sorted set", async () => {
    const { caller } = await openRegistry(kind);
    const lease = await caller.register({
      name: "example.shop.Shop",
      url: "http://127.0.0.1:4002",
      tags: ["b", "a", "b"],
    });
    expect(lease.ttlMs).toBe(10_000);
    expect(await caller.lookup({ name: "example.shop.Shop" })).toEqual({
      name: "example.shop.Shop",
      instances: [
        { url: "http://127.0.0.1:4002", tags: ["a", "b"], leaseExpiresAt: 1_010_000, ttlMs: 10_000, healthy: true },
      ],
    });
  });

  it("answers an unknown name with NOT_FOUND naming it", async () => {
    const { caller } = await openRegistry(kind);
    await expect(caller.lookup({ name: "example.nobody" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "unknown name: example.nobody",
    });
  });

  it("keeps several instances per name, each with its own lease", async () => {
    const { caller } = await openRegistry(kind);
    const first = await caller.register({ name: "example.greeter", url: "http://127.0.0.1:5001" });
    const second = await caller.register({ name: "example.greeter", url: "http://127.0.0.1:5002" });
    expect(first.leaseId).not.toBe(second.leaseId);
    const { instances } = await caller.lookup({ name: "example.greeter" });
    expect(instances.map((instance) => instance.url)).toEqual(["http://127.0.0.1:5001", "http://127.0.0.1:5002"]);
  });

  it("replaces an instance registered again at the same URL, with a new lease", async () => {
    const { caller } = await openRegistry(kind);
    const first = await caller.register({ name: "example.greeter", url: "http://127.0.0.1:5001", tags: ["old"] });
    const second = await caller.register({ name: "example.greeter", url: "http://127.0.0.1:5001", tags: ["new"] });
    expect(second.leaseId).not.toBe(first.leaseId);
    expect(await codeOf(caller.heartbeat({ leaseId: first.leaseId }))).toBe("NOT_FOUND");
    expect((await caller.lookup({ name: "example.greeter" })).instances).toMatchObject([{ tags: ["new"] }]);
  });

  it("expires a lease that is not renewed, and heartbeats keep one alive", async () => {
    const { caller, store, clock, time, seen } = await openRegistry(kind);
    const kept = await caller.register({ name: "kept", url: "http://127.0.0.1:1", ttlMs: 1_000 });
    await caller.register({ name: "dropped", url: "http://127.0.0.1:2", ttlMs: 1_000 });
    for (let step = 0; step < 5; step++) {
      await time.pass(600);
      await caller.heartbeat({ leaseId: kept.leaseId });
    }
    await time.untilGone("dropped");
    expect(await codeOf(caller.lookup({ name: "dropped" }))).toBe("NOT_FOUND");
    expect((await caller.lookup({ name: "kept" })).instances).toHaveLength(1);
    if (time.realTime) {
      // etcd deleted the key when the lease ran out: the mirror reports it, there is nothing left to sweep.
      await expect.poll(() => seen).toContain("expired dropped");
      expect(await store.sweepExpired(clock.now)).toBe(0);
    } else expect(await store.sweepExpired(clock.now)).toBe(1);
  });

  it("does not resurrect an expired lease on a late heartbeat: the instance must register again", async () => {
    const { caller, time } = await openRegistry(kind);
    const lease = await caller.register({ name: "late", url: "http://127.0.0.1:1", ttlMs: 1_000 });
    await time.pass(1_001);
    await time.untilGone("late");
    await expect(caller.heartbeat({ leaseId: lease.leaseId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("deregisters at once", async () => {
    const { caller } = await openRegistry(kind);
    const lease = await caller.register({ name: "gone", url: "http://127.0.0.1:1" });
    expect(await caller.deregister({ leaseId: lease.leaseId })).toEqual({ removed: true });
    expect(await caller.deregister({ leaseId: lease.leaseId })).toEqual({ removed: false });
    expect(await codeOf(caller.lookup({ name: "gone" }))).toBe("NOT_FOUND");
  });

  it("lists by prefix, case-sensitively, sorted by name", async () => {
    const { caller } = await openRegistry(kind);
    for (const name of ["example.shop.Shop", "example.greeter", "Example.other", "other.thing"]) {
      await caller.register({ name, url: "http://127.0.0.1:1" });
    }
    expect((await caller.list({ prefix: "example." })).map((entry) => entry.name)).toEqual([
      "example.greeter",
      "example.shop.Shop",
    ]);
    expect((await caller.list()).map((entry) => entry.name)).toEqual([
      "Example.other",
      "example.greeter",
      "example.shop.Shop",
      "other.thing",
    ]);
    expect(await caller.list({ prefix: "nothing." })).toEqual([]);
  });

  it("accepts any Unicode name", async () => {
    const { caller } = await openRegistry(kind);
    await caller.register({ name: "商店.书", url: "http://127.0.0.1:1" });
    expect((await caller.lookup({ name: "商店.书" })).instances).toHaveLength(1);
  });

  it.each([
    ["an empty name", { name: "", url: "http://127.0.0.1:1" }],
    ["a URL that is not http(s)", { name: "x", url: "ftp://127.0.0.1/" }],
    ["a URL that does not parse", { name: "x", url: "not a url" }],
    ["a string where the tags list belongs", { name: "x", url: "http://127.0.0.1:1", tags: "a" }],
    ["too short a lease", { name: "x", url: "http://127.0.0.1:1", ttlMs: 1 }],
  ])("refuses %s with BAD_REQUEST and registers nothing", async (_label, input) => {
    const { caller } = await openRegistry(kind);
    // `as never`: these inputs do not type-check, which is the point; the server must refuse them at run time too.
    expect(await codeOf(caller.register(input as never))).toBe("BAD_REQUEST");
    expect(await caller.list()).toEqual([]);
  });

  it("safe registration is create-only: CONFLICT for a taken name, and nothing changes", async () => {
    const { caller } = await openRegistry(kind);
    await caller.register({ name: "example.shop.Shop", url: "http://127.0.0.1:1", tags: ["a"] });
    await expect(
      caller.register({ name: "example.shop.Shop", url: "http://127.0.0.1:2", safe: true }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "name already registered: example.shop.Shop",
    });
    expect((await caller.lookup({ name: "example.shop.Shop" })).instances).toEqual([
      expect.objectContaining({ url: "http://127.0.0.1:1", tags: ["a"] }),
    ]);
    expect(await caller.register({ name: "example.free", url: "http://127.0.0.1:3", safe: true })).toHaveProperty(
      "leaseId",
    );
  });

  it("lets exactly one of many concurrent safe registrations of a name win", async () => {
    const { caller } = await openRegistry(kind);
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        caller.register({ name: "race", url: `http://127.0.0.1:${index + 1}`, safe: true }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === "fulfilled")).toHaveLength(1);
    expect((await caller.lookup({ name: "race" })).instances).toHaveLength(1);
  });

  it("a safe registration may take a name whose only instance has expired", async () => {
    const { caller, time } = await openRegistry(kind);
    await caller.register({ name: "reused", url: "http://127.0.0.1:1", ttlMs: 1_000 });
    await time.pass(1_001);
    await time.untilGone("reused");
    await caller.register({ name: "reused", url: "http://127.0.0.1:1", safe: true });
    expect((await caller.lookup({ name: "reused" })).instances).toHaveLength(1);
  });

  it("reserves the registry's own name", async () => {
    const { caller } = await openRegistry(kind);
    await expect(caller.register({ name: "switchboard.registry", url: "http://127.0.0.1:6666" })).rejects.toMatchObject(
      {
        code: "FORBIDDEN",
      },
    );
    await expect(caller.setMetadata({ name: "switchboard.registry", tags: [] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("a stale lease cannot touch the newer registration of the same instance (fencing)", async () => {
    const { caller } = await openRegistry(kind);
    const stale = await caller.register({ name: "fenced", url: "http://127.0.0.1:1" });
    const fresh = await caller.register({ name: "fenced", url: "http://127.0.0.1:1" });
    expect(await caller.deregister({ leaseId: stale.leaseId })).toEqual({ removed: false });
    await expect(caller.heartbeat({ leaseId: stale.leaseId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await caller.heartbeat({ leaseId: fresh.leaseId })).toHaveProperty("leaseId", fresh.leaseId);
  });

  describe("with a populated registry", () => {
    async function populated() {
      const registry = await openRegistry(kind);
      const entries: Array<[string, string[]]> = [
        ["example.shop.Shop", ["shop", "eu"]],
        ["example.shop.Backup", ["shop", "us"]],
        ["example.greeter", ["greeter", "eu"]],
        ["other.thing", []],
      ];
      for (const [name, tags] of entries) await registry.caller.register({ name, url: "http://127.0.0.1:1", tags });
      const names = async (filter?: Parameters<typeof registry.caller.list>[0]) =>
        (await registry.caller.list(filter)).map((entry) => entry.name);
      return { ...registry, names };
    }

    it("lists by regex anchored at the start, like Pyro", async () => {
      const { names } = await populated();
      expect(await names({ regex: "example\\.shop\\..*" })).toEqual(["example.shop.Backup", "example.shop.Shop"]);
      expect(await names({ regex: "shop" })).toEqual([]);
      expect(await names({ regex: ".*shop" })).toEqual(["example.shop.Backup", "example.shop.Shop"]);
    });

    it("refuses an invalid pattern with BAD_REQUEST 'invalid regex: …'", async () => {
      const { caller } = await populated();
      await expect(caller.list({ regex: "(unclosed" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/^invalid regex: /) as unknown,
      });
    });

    it("lists by tags that must all match, or of which any must match", async () => {
      const { names } = await populated();
      expect(await names({ tagsAll: ["shop", "eu"] })).toEqual(["example.shop.Shop"]);
      expect(await names({ tagsAny: ["us", "greeter"] })).toEqual(["example.greeter", "example.shop.Backup"]);
      expect(await names({ tagsAll: ["SHOP"] })).toEqual([]);
    });

    it("takes one filter at a time", async () => {
      const { caller } = await populated();
      await expect(caller.list({ prefix: "example.", regex: "x" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        // The raw zod error here; on the wire the error formatter makes it this one sentence.
        message: expect.stringContaining(
          "list takes one filter at a time: prefix, regex, tagsAll or tagsAny",
        ) as unknown,
      });
    });

    it("looks up by tags: any instance that carries all of them", async () => {
      const { caller } = await populated();
      expect((await caller.lookupByTags({ tags: ["eu", "shop"] })).map((instance) => instance.name)).toEqual([
        "example.shop.Shop",
      ]);
      await expect(caller.lookupByTags({ tags: ["eu", "us"] })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "no instance carries all of the tags: eu, us",
      });
    });

    it("sets metadata: replaces the tags, or NOT_FOUND for an unknown name", async () => {
      const { caller } = await populated();
      expect(await caller.setMetadata({ name: "other.thing", tags: ["b", "a", "a"] })).toEqual({
        name: "other.thing",
        tags: ["a", "b"],
        updated: 1,
      });
      expect((await caller.lookup({ name: "other.thing" })).instances[0]?.tags).toEqual(["a", "b"]);
      await expect(caller.setMetadata({ name: "nobody", tags: [] })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "unknown name: nobody",
      });
    });

    it("removes by name, prefix or pattern and says how many; none is 0, not an error", async () => {
      const { caller, names } = await populated();
      expect(await caller.remove({ regex: ".*Backup" })).toEqual({ removed: 1 });
      expect(await caller.remove({ prefix: "example.shop." })).toEqual({ removed: 1 });
      expect(await caller.remove({ name: "nobody" })).toEqual({ removed: 0 });
      expect(await caller.remove({ name: "other.thing" })).toEqual({ removed: 1 });
      expect(await names()).toEqual(["example.greeter"]);
      await expect(caller.remove({})).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("remove takes exactly one of name, prefix or regex") as unknown,
      });
    });

    it("removes thousands of instances at once (more than SQLite binds, or etcd takes, in one statement)", async () => {
      const { caller, store, clock } = await populated();
      // Registered 50 at a time: on etcd each registration is a lease and a transaction, ~3 ms apart in sequence.
      for (let batch = 0; batch < 1_500; batch += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            store.register(
              { name: `bulk.${batch + index}`, url: "http://127.0.0.1:1", tags: [], ttlMs: 60_000 },
              clock.now,
            ),
          ),
        );
      }
      expect(await caller.remove({ prefix: "bulk." })).toEqual({ removed: 1_500 });
      expect(await caller.count({ prefix: "bulk." })).toEqual({ names: 0, instances: 0 });
    }, 30_000);

    it("counts names and instances", async () => {
      const { caller } = await populated();
      await caller.register({ name: "example.greeter", url: "http://127.0.0.1:2" });
      expect(await caller.count()).toEqual({ names: 4, instances: 5 });
      expect(await caller.count({ prefix: "example.shop." })).toEqual({ names: 2, instances: 2 });
    });
  });
});

describe("the in-memory index", () => {
  it("starts from what the persistent store holds, so a restarted registry still knows every live lease", async () => {
    const { db } = openTestDatabase();
    const before = await withMemoryIndex(createPrismaRegistryStore(db), 0);
    const lease = (await before.register({ name: "kept", url: "http://127.0.0.1:1", tags: ["t"], ttlMs: 1_000 }, 0))!;
    await before.register({ name: "expired", url: "http://127.0.0.1:2", tags: [], ttlMs: 100 }, 0);
    const after = await withMemoryIndex(createPrismaRegistryStore(db), 500);
    expect(await after.lookup("kept", 500)).toEqual([lease]);
    expect(await after.lookup("expired", 500)).toEqual([]);
    expect(await after.renew(lease.leaseId, 600)).toMatchObject({ leaseId: lease.leaseId, leaseExpiresAt: 1_600 });
  });

  it("changes nothing in memory when the database write fails", async () => {
    const { db } = openTestDatabase();
    const store = await withMemoryIndex(createPrismaRegistryStore(db), 0);
    await db.$disconnect();
    await db.$executeRawUnsafe("DROP TABLE Registration").catch(() => undefined);
    await expect(store.register({ name: "x", url: "http://127.0.0.1:1", tags: [], ttlMs: 1_000 }, 0)).rejects.toThrow();
    expect(await store.lookup("x", 0)).toEqual([]);
  });
});

describe("registry access", () => {
  async function callers() {
    const { db } = openTestDatabase();
    const store = await withMemoryIndex(createPrismaRegistryStore(db), 0);
    const as = (canRead: boolean, canWrite: boolean, mayWrite: (name: string) => boolean) =>
      registryRouter.createCaller({
        store,
        now: () => 1_000,
        access: { canRead, canWrite, mayWrite },
        events: new RegistryEventLog(),
      });
    return {
      owner: as(true, true, () => true),
      reader: as(true, false, () => false),
      stranger: as(false, false, () => false),
      // A service's own token: it may write `example.greeter` only.
      greeter: as(true, true, (name) => name === "example.greeter"),
    };
  }

  it("refuses every write without write access, with UNAUTHORIZED, and changes nothing", async () => {
    const { owner, reader } = await callers();
    const lease = await owner.register({ name: "kept", url: "http://127.0.0.1:1" });
    const before = await owner.list();
    for (const write of [
      reader.register({ name: "intruder", url: "http://127.0.0.1:2" }),
      reader.register({ name: "kept", url: "http://127.0.0.1:1", tags: ["hijacked"] }),
      reader.heartbeat({ leaseId: lease.leaseId }),
      reader.deregister({ leaseId: lease.leaseId }),
    ]) {
      await expect(write).rejects.toMatchObject({
        code: "UNAUTHORIZED",
        message: "registry writes need a valid bearer token (REGISTRY_TOKEN)",
      });
    }
    expect(await owner.list()).toEqual(before);
    expect(await reader.lookup({ name: "kept" })).toEqual(await owner.lookup({ name: "kept" }));
  });

  it("keeps a name token to its own names: no taking over another service's name, no removing it", async () => {
    const { owner, greeter } = await callers();
    await owner.register({ name: "example.shop.Shop", url: "http://127.0.0.1:1" });
    const before = await owner.list();
    for (const write of [
      greeter.register({ name: "example.shop.Shop", url: "http://127.0.0.1:66" }),
      greeter.setMetadata({ name: "example.shop.Shop", tags: ["hijacked"] }),
    ]) {
      await expect(write).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: "this token may not write the name example.shop.Shop",
      });
    }
    expect(await greeter.remove({ prefix: "example." })).toEqual({ removed: 0 });
    expect(await owner.list()).toEqual(before);
    const own = await greeter.register({ name: "example.greeter", url: "http://127.0.0.1:2" });
    expect(await greeter.heartbeat({ leaseId: own.leaseId })).toMatchObject({ leaseId: own.leaseId });
  });

  it("refuses reads to a caller without read access, but still answers ping", async () => {
    const { stranger } = await callers();
    await expect(stranger.lookup({ name: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(stranger.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await stranger.ping()).toBe("pong");
  });
});

describe.each(["SQLite with the in-memory index", "etcd (a real 3-member cluster)"] as const)(
  "watch, on %s",
  (kind) => {
    it("streams registrations, tag changes, removals and expiries of one name, and nothing of others", async () => {
      const { caller, clock, store, context } = await openRegistry(kind);
      const controller = new AbortController();
      const stream = await registryRouter
        .createCaller(context, { signal: controller.signal })
        .watch({ name: "watched" });
      const seen: string[] = [];
      const consumed = (async () => {
        for await (const item of stream) {
          // Through createCaller a tracked event arrives as tRPC's raw envelope, [id, data]; over SSE as { id, data }.
          const [, data] = item as unknown as [string, RegistryEvent];
          seen.push(`${data.kind} ${data.name} ${data.tags.join(",")}`);
          if (seen.length === 4) controller.abort();
        }
      })();
      await caller.register({ name: "other", url: "http://127.0.0.1:1" });
      const lease = await caller.register({ name: "watched", url: "http://127.0.0.1:2", ttlMs: 1_000 });
      await caller.heartbeat({ leaseId: lease.leaseId });
      await caller.setMetadata({ name: "watched", tags: ["x"] });
      await caller.deregister({ leaseId: lease.leaseId });
      await caller.register({ name: "watched", url: "http://127.0.0.1:3", ttlMs: 1_000 });
      clock.now += 2_000;
      await store.sweepExpired(clock.now);
      await consumed;
      expect(seen).toEqual(["registered watched ", "updated watched x", "removed watched x", "registered watched "]);
    });
  },
);
