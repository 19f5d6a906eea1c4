/** One live instance of a named service. */
export interface ServiceInstance {
  name: string;
  url: string;
  tags: string[];
  leaseId: string;
  ttlMs: number;
  /** Epoch milliseconds after which the instance is gone unless it heartbeats. */
  leaseExpiresAt: number;
}

export interface NewRegistration {
  name: string;
  url: string;
  tags: string[];
  ttlMs: number;
}

/**
 * Where the registry keeps its instances. The router depends on this interface only, so a store for another
 * backend plugs in without touching the router or the client: SQLite (one registry process) or etcd (several).
 * Every method takes `now`, the caller's clock: the SQLite store decides expiry with it, in one place; the etcd store
 * leaves expiry to etcd's leases (one authority for every replica) and uses `now` only to report `leaseExpiresAt`.
 */
export interface RegistryStore {
  /**
   * Adds an instance, or replaces the one with the same name and URL (new lease id, new tags). With `onlyIfNameFree`,
   * registers only if the name has no live instance, atomically, and returns null otherwise.
   */
  register(
    registration: NewRegistration,
    now: number,
    options?: { onlyIfNameFree?: boolean },
  ): Promise<ServiceInstance | null>;
  /** Extends a live lease by its TTL; null when the lease is unknown or already expired. */
  renew(leaseId: string, now: number): Promise<ServiceInstance | null>;
  /** Removes an instance by lease id; false when there was none. */
  deregister(leaseId: string): Promise<boolean>;
  /** Removes these instances; returns how many existed. */
  deregisterMany(leaseIds: string[]): Promise<number>;
  /** Replaces the tags of every live instance of `name`; returns how many were updated. */
  setTags(name: string, tags: string[], now: number): Promise<number>;
  /** The live instances of one name, oldest registration first. */
  lookup(name: string, now: number): Promise<ServiceInstance[]>;
  /** The live instances whose name starts with `prefix`, ordered by name. */
  listByPrefix(prefix: string, now: number): Promise<ServiceInstance[]>;
  /** How many instances are live, for the registration limit (optional: else `listByPrefix("")` is counted). */
  countLive?(now: number): Promise<number>;
  /** Deletes expired instances; returns how many (etcd expires leases itself: 0). */
  sweepExpired(now: number): Promise<number>;
  /** Releases connections and timers (optional). */
  close?(): Promise<void>;
}
