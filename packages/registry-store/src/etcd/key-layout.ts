import type { ServiceInstance } from "@switchboard/core/registry";
import { prefixEnd } from "./etcd-client.ts";

/** What an instance's key holds (its lease id is the key's etcd lease). */
export interface InstanceValue {
  name: string;
  url: string;
  tags: string[];
  /** The TTL etcd granted, in ms (whole seconds). */
  ttlMs: number;
  /** The registering replica's clock at registration: the expiry every replica reports until it sees a renewal. */
  registeredAt: number;
}

/**
 * Where the store keeps things under its prefix (default `/switchboard/`):
 *   `<prefix>instances/<name>/<url>`  one key per instance, attached to the instance's lease; name and URL are
 *                                     percent-encoded, so neither contains `/` and `<prefix>instances/<name>/` holds
 *                                     exactly one name's instances (a range a transaction can compare)
 *   `<prefix>removal`                 written in the same transaction as every deregistration, so that every replica
 *                                     tells a removal (`removed`) from a lease running out (`expired`)
 */
export class KeyLayout {
  readonly instancesPrefix: string;
  readonly instancesEnd: string;
  readonly removalMarker: string;
  readonly prefixEnd: string;

  constructor(readonly prefix: string) {
    this.prefixEnd = prefixEnd(prefix);
    this.instancesPrefix = `${prefix}instances/`;
    this.instancesEnd = prefixEnd(this.instancesPrefix);
    this.removalMarker = `${prefix}removal`;
  }

  instanceKey(name: string, url: string): string {
    return `${this.namePrefix(name)}${encodeURIComponent(url)}`;
  }

  /** Every key of `name`'s instances starts with this. */
  namePrefix(name: string): string {
    return `${this.instancesPrefix}${encodeURIComponent(name)}/`;
  }

  isInstanceKey(key: string): boolean {
    return key.startsWith(this.instancesPrefix);
  }
}

/** etcd's decimal lease id as the registry's lease id: 16 hex digits, as `etcdctl lease list` prints them. */
export function leaseIdOf(etcdLease: string): string {
  return BigInt(etcdLease).toString(16).padStart(16, "0");
}

/** The registry's lease id back to etcd's decimal one; null for text that is not one of ours. */
export function etcdLeaseOf(leaseId: string): string | null {
  if (!/^[0-9a-f]{16}$/.test(leaseId)) return null;
  const lease = BigInt(`0x${leaseId}`);
  return lease === 0n ? null : lease.toString();
}

export function encodeValue(value: InstanceValue): string {
  return JSON.stringify(value);
}

/** An instance from its key's value and lease; null for a value this store did not write. */
export function decodeInstance(value: string, etcdLease: string): ServiceInstance | null {
  try {
    const parsed = JSON.parse(value) as Partial<InstanceValue>;
    if (typeof parsed.name !== "string" || typeof parsed.url !== "string" || !Array.isArray(parsed.tags)) return null;
    const ttlMs = Number(parsed.ttlMs);
    return {
      name: parsed.name,
      url: parsed.url,
      tags: parsed.tags.filter((tag): tag is string => typeof tag === "string"),
      leaseId: leaseIdOf(etcdLease),
      ttlMs,
      leaseExpiresAt: Number(parsed.registeredAt) + ttlMs,
    };
  } catch {
    return null;
  }
}
