import type { ServiceInstance } from "./store.ts";

/**
 * Live instances in memory, by name and by lease id: what `withMemoryIndex` and the etcd store's mirror serve lookups
 * from. Instances of a name stay in registration order; a replacement (same name and URL) keeps its predecessor's
 * place. Whether an instance is live is the caller's rule (a lease expiry for SQLite, the key's presence for etcd).
 */
export class InstanceIndex {
  private readonly byName = new Map<string, ServiceInstance[]>();
  private readonly byLeaseId = new Map<string, ServiceInstance>();

  /** Adds an instance, or replaces the one with the same name and URL; returns the one it replaced. */
  remember(instance: ServiceInstance): ServiceInstance | undefined {
    const siblings = this.byName.get(instance.name) ?? [];
    const replacedAt = siblings.findIndex((sibling) => sibling.url === instance.url);
    const replaced = replacedAt === -1 ? undefined : siblings[replacedAt];
    if (replaced) {
      this.byLeaseId.delete(replaced.leaseId);
      siblings[replacedAt] = instance;
    } else siblings.push(instance);
    this.byName.set(instance.name, siblings);
    this.byLeaseId.set(instance.leaseId, instance);
    return replaced;
  }

  /** Removes the instance holding `leaseId`; returns it, if there was one. */
  forget(leaseId: string): ServiceInstance | undefined {
    const instance = this.byLeaseId.get(leaseId);
    if (!instance) return undefined;
    this.byLeaseId.delete(leaseId);
    const siblings = (this.byName.get(instance.name) ?? []).filter((sibling) => sibling.leaseId !== leaseId);
    if (siblings.length === 0) this.byName.delete(instance.name);
    else this.byName.set(instance.name, siblings);
    return instance;
  }

  byLease(leaseId: string): ServiceInstance | undefined {
    return this.byLeaseId.get(leaseId);
  }

  /** Every instance of `name` (live or not), oldest registration first. */
  instancesOf(name: string): ServiceInstance[] {
    return this.byName.get(name) ?? [];
  }

  /** Instances whose name starts with `prefix` and that pass `isLive`, ordered by name, then registration. */
  list(prefix: string, isLive: (instance: ServiceInstance) => boolean): ServiceInstance[] {
    const names = [...this.byName.keys()].filter((name) => name.startsWith(prefix)).sort(compareNames);
    return names.flatMap((name) => this.instancesOf(name).filter(isLive));
  }

  all(): ServiceInstance[] {
    return [...this.byLeaseId.values()];
  }

  get size(): number {
    return this.byLeaseId.size;
  }
}

/** Plain string order, as SQLite's BINARY collation (the two differ only for characters beyond U+FFFF). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
