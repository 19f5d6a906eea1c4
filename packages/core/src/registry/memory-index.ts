import { InstanceIndex } from "./instance-index.ts";
import type { NewRegistration, RegistryStore, ServiceInstance } from "./store.ts";

/** Told of every change that reaches memory (for watchers); heartbeats that only extend a lease are not changes. */
export type IndexChangeListener = (
  kind: "registered" | "updated" | "removed" | "expired",
  instance: ServiceInstance,
  at: number,
) => void;

/**
 * Puts every live instance in memory in front of a persistent store. Writes go to the persistent store first and
 * update memory only once they succeeded; reads (`lookup`, `listByPrefix`, lease checks) never touch the database.
 * Exact as long as this process is the only writer of the persistent store, which is how the SQLite registry runs
 * (it refuses a second process on the same file). Several registries on one directory use the etcd store instead,
 * whose mirror follows etcd's watch. With SQLite through Prisma a lookup drops from milliseconds to microseconds.
 */
export async function withMemoryIndex(
  persistent: RegistryStore,
  now: number,
  onChange: IndexChangeListener = () => undefined,
): Promise<RegistryStore> {
  const index = new InstanceIndex();
  const isLive = (instance: ServiceInstance, at: number) => instance.leaseExpiresAt > at;

  for (const instance of await persistent.listByPrefix("", now)) index.remember(instance);

  return {
    async register(registration: NewRegistration, at: number, options: { onlyIfNameFree?: boolean } = {}) {
      if (options.onlyIfNameFree && index.instancesOf(registration.name).some((instance) => isLive(instance, at))) {
        return null;
      }
      // The persistent store decides atomically; memory mirrors what it decided.
      const instance = await persistent.register(registration, at, options);
      if (!instance) return null;
      if (options.onlyIfNameFree) for (const stale of index.instancesOf(registration.name)) index.forget(stale.leaseId);
      index.remember(instance);
      onChange("registered", instance, at);
      return instance;
    },

    async deregisterMany(leaseIds: string[]) {
      const removed = await persistent.deregisterMany(leaseIds);
      for (const leaseId of leaseIds) {
        const instance = index.forget(leaseId);
        if (instance) onChange("removed", instance, Date.now());
      }
      return removed;
    },

    async setTags(name: string, tags: string[], at: number) {
      const updated = await persistent.setTags(name, tags, at);
      for (const instance of index.instancesOf(name)) {
        if (!isLive(instance, at)) continue;
        index.remember({ ...instance, tags });
        onChange("updated", { ...instance, tags }, at);
      }
      return updated;
    },

    async renew(leaseId: string, at: number) {
      const known = index.byLease(leaseId);
      if (!known || !isLive(known, at)) return null;
      const renewed = await persistent.renew(leaseId, at);
      if (renewed) index.remember(renewed);
      else index.forget(leaseId);
      return renewed;
    },

    async deregister(leaseId: string) {
      const removed = await persistent.deregister(leaseId);
      const instance = index.forget(leaseId);
      if (instance) onChange("removed", instance, Date.now());
      return removed;
    },

    lookup(name: string, at: number) {
      return Promise.resolve(index.instancesOf(name).filter((instance) => isLive(instance, at)));
    },

    listByPrefix(prefix: string, at: number) {
      return Promise.resolve(index.list(prefix, (instance) => isLive(instance, at)));
    },

    countLive(at: number) {
      let live = 0;
      for (const instance of index.all()) if (isLive(instance, at)) live += 1;
      return Promise.resolve(live);
    },

    async sweepExpired(at: number) {
      // Memory knows every lease, so the database is only asked when something did expire: an idle sweep is free.
      const expired = index.all().filter((instance) => !isLive(instance, at));
      if (expired.length === 0) return 0;
      const removed = await persistent.sweepExpired(at);
      for (const instance of expired) {
        // Re-registered while the sweep awaited (a new lease for the same URL): live, so no `expired` for it.
        if (index.forget(instance.leaseId)) onChange("expired", instance, at);
      }
      return removed;
    },

    async close() {
      await persistent.close?.();
    },
  };
}
