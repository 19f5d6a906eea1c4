import { describe, expect, it } from "vitest";
import { withMemoryIndex } from "./memory-index.ts";
import type { NewRegistration, RegistryStore, ServiceInstance } from "./store.ts";

/** A persistent store that does what it is told at once, except a sweep, which waits until the test lets it go. */
function storeWithSlowSweep() {
  let release: () => void = () => undefined;
  let leases = 0;
  const store: RegistryStore = {
    register: (registration: NewRegistration, now: number) =>
      Promise.resolve({ ...registration, leaseId: `lease-${++leases}`, leaseExpiresAt: now + registration.ttlMs }),
    renew: () => Promise.resolve(null),
    deregister: () => Promise.resolve(true),
    deregisterMany: (ids: string[]) => Promise.resolve(ids.length),
    setTags: () => Promise.resolve(0),
    lookup: () => Promise.resolve([]),
    listByPrefix: () => Promise.resolve([]),
    sweepExpired: () => new Promise<number>((resolve) => (release = () => resolve(1))),
  };
  return { store, release: () => release() };
}

describe("the in-memory index's sweep", () => {
  it("does not report as expired an instance that registered again while the sweep ran", async () => {
    const { store, release } = storeWithSlowSweep();
    const events: Array<{ kind: string; instance: ServiceInstance }> = [];
    const index = await withMemoryIndex(store, 0, (kind, instance) => events.push({ kind, instance }));
    const registration = { name: "acme.x", url: "http://127.0.0.1:1", tags: [], ttlMs: 100 };
    await index.register(registration, 0);
    const sweeping = index.sweepExpired(200); // the first lease is dead at 200
    await index.register(registration, 200); // …and the instance registers again meanwhile
    release();
    await sweeping;
    expect(events.map(({ kind }) => kind)).toEqual(["registered", "registered"]);
    expect(await index.lookup("acme.x", 250)).toHaveLength(1);
  });
});
