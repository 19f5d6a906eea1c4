import type { NewRegistration, RegistryStore, ServiceInstance } from "@switchboard/core/registry";
import { prefixEnd, type EtcdClient, type EtcdOp, type EtcdTxnResult } from "./etcd-client.ts";
import type { EtcdMirror } from "./etcd-mirror.ts";
import { decodeInstance, encodeValue, etcdLeaseOf, leaseIdOf, type KeyLayout } from "./key-layout.ts";

export interface EtcdStoreOptions {
  client: EtcdClient;
  layout: KeyLayout;
  mirror: EtcdMirror;
  /** How long a write waits for this replica's mirror to show it (default 10 s). */
  catchUpTimeoutMs?: number;
}

/** etcd's cap on the operations of one transaction is 128 (`--max-txn-ops`): bulk removals go in chunks below it. */
const operationsPerTransaction = 100;

/**
 * The registry's store on etcd v3. Each instance is a key attached to an etcd lease of its TTL, so etcd, one
 * authority for every replica, decides when an instance expires; a heartbeat is a lease keep-alive. Reads come from
 * this replica's mirror; every write returns once the mirror has applied the write's revision. Every etcd operation
 * here may be sent twice (the client retries on another member after a failure that may have come after the write):
 * each is written so that a repeat changes nothing more.
 */
export function createEtcdRegistryStore(options: EtcdStoreOptions): RegistryStore {
  const { client, layout, mirror } = options;
  const catchUpMs = options.catchUpTimeoutMs ?? 10_000;
  const caughtUp = (result: EtcdTxnResult) => mirror.waitFor(result.revision, catchUpMs);

  /** The instance holding a lease: the mirror's, or (registered through another replica a moment ago) etcd's. */
  async function instanceOf(leaseId: string): Promise<ServiceInstance | undefined> {
    const known = mirror.index.byLease(leaseId);
    if (known) return known;
    const etcdLease = etcdLeaseOf(leaseId);
    const attached = etcdLease && (await client.leaseKeys(etcdLease));
    const key = attached && attached.keys.find((candidate) => layout.isInstanceKey(candidate));
    if (!key) return undefined;
    const [kv] = (await client.range(key)).kvs;
    if (!kv || kv.lease !== etcdLease) return undefined;
    await mirror.waitFor(kv.modRevision, catchUpMs);
    return mirror.index.byLease(leaseId);
  }

  /** Revokes leases that hold no key any more; a failure only leaves one to expire on its own. */
  function revokeQuietly(etcdLeases: string[]): Promise<void> {
    return Promise.all(etcdLeases.map((lease) => client.revokeLease(lease).catch(() => false))).then(() => undefined);
  }

  /** Deletes these instances' keys, each only if it still holds the same lease (a newer registration stays). */
  async function removeInstances(instances: ServiceInstance[]): Promise<number> {
    let removed = 0;
    for (let start = 0; start < instances.length; start += operationsPerTransaction) {
      const chunk = instances.slice(start, start + operationsPerTransaction);
      const result = await client.txn({
        compare: [],
        success: [
          ...chunk.map((instance): EtcdOp => ({
            txn: {
              compare: [
                { key: keyOf(instance), target: "lease", result: "equal", value: etcdLeaseOf(instance.leaseId)! },
              ],
              success: [{ delete: { key: keyOf(instance) } }],
            },
          })),
          // Same revision as the deletes: tells every replica these are removals, not expiries.
          { put: { key: layout.removalMarker, value: "" } },
        ],
      });
      removed += result.responses.filter((response) => "txn" in response && response.txn.succeeded).length;
      await caughtUp(result);
    }
    void revokeQuietly(instances.map((instance) => etcdLeaseOf(instance.leaseId)!));
    return removed;
  }

  const keyOf = (instance: ServiceInstance) => layout.instanceKey(instance.name, instance.url);

  return {
    async register(registration: NewRegistration, now: number, registerOptions: { onlyIfNameFree?: boolean } = {}) {
      // etcd leases are whole seconds, with a minimum etcd raises short ones to: round up, report what was granted.
      const lease = await client.grantLease(Math.max(1, Math.ceil(registration.ttlMs / 1_000)));
      const ttlMs = lease.ttlSeconds * 1_000;
      const key = layout.instanceKey(registration.name, registration.url);
      const value = encodeValue({ ...registration, ttlMs, registeredAt: now });
      const put: EtcdOp = { put: { key, value, lease: lease.id, prevKv: true } };
      let result: EtcdTxnResult;
      try {
        if (registerOptions.onlyIfNameFree) {
          // Create-only, in one transaction: no key under the name's prefix (etcd 3.3+ compares a whole range).
          const namePrefix = layout.namePrefix(registration.name);
          result = await client.txn({
            compare: [
              { key: namePrefix, rangeEnd: prefixEnd(namePrefix), target: "create", result: "equal", value: 0 },
            ],
            success: [put],
            failure: [{ range: { key } }],
          });
          const [answer] = result.responses;
          // A repeat of an attempt that had succeeded finds its own key: that is a success, not a conflict.
          const ownKey = answer && "range" in answer && answer.range.kvs.find((kv) => kv.lease === lease.id);
          if (!result.succeeded && !ownKey) {
            await revokeQuietly([lease.id]);
            return null;
          }
          if (ownKey) result = { ...result, revision: ownKey.modRevision };
        } else {
          // Replace at the same name and URL: one put moves the key to the new lease, atomically.
          result = await client.txn({ compare: [], success: [put] });
          const [answer] = result.responses;
          const replaced = answer && "put" in answer ? answer.put.prevKv?.lease : undefined;
          // The old lease holds no key any more; revoking it ends its keep-alives at once (fencing).
          if (replaced && replaced !== "0" && replaced !== lease.id) await revokeQuietly([replaced]);
        }
      } catch (error) {
        await revokeQuietly([lease.id]);
        throw error;
      }
      await caughtUp(result);
      const instance: ServiceInstance = {
        ...registration,
        ttlMs,
        leaseId: leaseIdOf(lease.id),
        leaseExpiresAt: now + ttlMs,
      };
      return mirror.index.byLease(instance.leaseId) ?? instance;
    },

    async renew(leaseId: string, now: number) {
      const instance = await instanceOf(leaseId);
      if (!instance) return null;
      // One keep-alive: etcd's leader extends the lease in memory, no Raft write, no event for anyone.
      const ttlSeconds = await client.keepAlive(etcdLeaseOf(leaseId)!);
      if (ttlSeconds <= 0) return null; // expired or revoked: etcd deletes the key, every mirror sees it go
      const leaseExpiresAt = now + ttlSeconds * 1_000;
      mirror.renewed(leaseId, leaseExpiresAt);
      return { ...instance, leaseExpiresAt };
    },

    async deregister(leaseId: string) {
      const instance = await instanceOf(leaseId);
      return instance ? (await removeInstances([instance])) > 0 : false;
    },

    async deregisterMany(leaseIds: string[]) {
      const instances = [];
      for (const leaseId of leaseIds) {
        const instance = await instanceOf(leaseId);
        if (instance) instances.push(instance);
      }
      return instances.length === 0 ? 0 : removeInstances(instances);
    },

    async setTags(name: string, tags: string[]) {
      // The name's keys as etcd has them now (this replica's mirror may not have seen a registration made elsewhere).
      const namePrefix = layout.namePrefix(name);
      const { kvs } = await client.range(namePrefix, { rangeEnd: prefixEnd(namePrefix) });
      let updated = 0;
      for (let start = 0; start < kvs.length; start += operationsPerTransaction) {
        const chunk = kvs.slice(start, start + operationsPerTransaction);
        const result = await client.txn({
          compare: [],
          success: chunk.flatMap((kv): EtcdOp[] => {
            const instance = decodeInstance(kv.value, kv.lease);
            if (!instance) return [];
            // The newest expiry this replica knows goes along, so other replicas learn of its renewals too.
            const known = mirror.index.byLease(instance.leaseId) ?? instance;
            const registeredAt = Math.max(known.leaseExpiresAt, instance.leaseExpiresAt) - instance.ttlMs;
            const value = encodeValue({ name, url: instance.url, tags, ttlMs: instance.ttlMs, registeredAt });
            return [
              {
                // Only if the key still holds that lease: a newer registration keeps its own tags.
                txn: {
                  compare: [{ key: kv.key, target: "lease", result: "equal", value: kv.lease }],
                  success: [{ put: { key: kv.key, value, lease: kv.lease } }],
                },
              },
            ];
          }),
        });
        updated += result.responses.filter((response) => "txn" in response && response.txn.succeeded).length;
        await caughtUp(result);
      }
      return updated;
    },

    lookup(name: string, now: number) {
      return Promise.resolve(mirror.index.instancesOf(name).map((instance) => asOf(instance, now)));
    },

    listByPrefix(prefix: string, now: number) {
      return Promise.resolve(mirror.index.list(prefix, () => true).map((instance) => asOf(instance, now)));
    },

    // A key in the mirror is a live lease (etcd deletes it when the lease expires).
    countLive: () => Promise.resolve(mirror.index.size),

    // etcd expires leases itself and every mirror sees the deletes: nothing to sweep.
    sweepExpired: () => Promise.resolve(0),
  };
}

/**
 * An instance as reported at `now`. Whether it is live is etcd's decision (its key exists); the expiry is what this
 * replica knows: exact for renewals made through it, otherwise the last one it heard of. A live key whose known
 * expiry has passed was renewed through another replica, within one TTL: report the expiry projected by whole TTLs.
 */
function asOf(instance: ServiceInstance, now: number): ServiceInstance {
  if (instance.leaseExpiresAt > now || instance.ttlMs <= 0) return instance;
  const periods = Math.floor((now - instance.leaseExpiresAt) / instance.ttlMs) + 1;
  return { ...instance, leaseExpiresAt: instance.leaseExpiresAt + periods * instance.ttlMs };
}
