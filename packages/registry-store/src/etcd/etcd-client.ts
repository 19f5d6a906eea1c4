/**
 * The few etcd v3 operations the registry's store needs, in our own words: the store depends on this interface only,
 * so the transport behind it (gRPC today, see grpc-etcd-client.ts and docs/etcd-store.md) can change alone.
 * Keys and values are UTF-8 text (the store's keys are ASCII); revisions are numbers (etcd's int64 revisions stay far
 * below 2^53); lease ids are decimal strings, since etcd's int64 lease ids do not fit a double.
 */
export interface EtcdClient {
  /** The cluster's id (hex), from any member: event ids carry it so that an id from another cluster means reset. */
  clusterId(options?: { timeoutMs?: number }): Promise<string>;
  range(key: string, options?: { rangeEnd?: string; revision?: number; countOnly?: boolean }): Promise<EtcdRange>;
  txn(txn: EtcdTxn): Promise<EtcdTxnResult>;
  /** Discards history up to `revision` (tests use it to prove that a compacted resume point yields `reset`). */
  compact(revision: number): Promise<void>;
  /** A lease of at least `ttlSeconds` (etcd raises it to its minimum); the TTL etcd granted comes back. */
  grantLease(ttlSeconds: number): Promise<{ id: string; ttlSeconds: number }>;
  /** Revokes a lease and deletes its keys; false when etcd did not know it (expired, revoked). */
  revokeLease(id: string): Promise<boolean>;
  /** One keep-alive: the lease's TTL in seconds from now, or 0 when the lease is gone. */
  keepAlive(id: string): Promise<number>;
  /** The lease's remaining TTL and the keys attached to it; null when the lease is gone. */
  leaseKeys(id: string): Promise<{ ttlSeconds: number; keys: string[] } | null>;
  /** Streams changes of [key, rangeEnd) from `startRevision` on, across reconnects, until `close()`. */
  watch(options: EtcdWatchOptions): EtcdWatch;
  close(): void;
}

export interface EtcdKeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  /** "0" when the key has no lease. */
  lease: string;
}

export interface EtcdRange {
  /** The store's revision when the range was read. */
  revision: number;
  kvs: EtcdKeyValue[];
  count: number;
}

export interface EtcdEvent {
  type: "put" | "delete";
  kv: EtcdKeyValue;
  prevKv?: EtcdKeyValue;
}

export interface EtcdCompare {
  key: string;
  /** Compare every key in [key, rangeEnd) (etcd 3.3+); with no key in the range, the zero value is compared. */
  rangeEnd?: string;
  target: "create" | "lease" | "mod";
  result: "equal" | "greater" | "less" | "notEqual";
  /** A revision for create/mod, a lease id for lease. */
  value: number | string;
}

export type EtcdOp =
  | { put: { key: string; value: string; lease?: string; prevKv?: boolean } }
  | { delete: { key: string; rangeEnd?: string; prevKv?: boolean } }
  | { range: { key: string; rangeEnd?: string } }
  | { txn: EtcdTxn };

export interface EtcdTxn {
  compare: EtcdCompare[];
  success: EtcdOp[];
  failure?: EtcdOp[];
}

export type EtcdOpResult =
  | { put: { prevKv?: EtcdKeyValue } }
  | { delete: { deleted: number; prevKvs: EtcdKeyValue[] } }
  | { range: { kvs: EtcdKeyValue[] } }
  | { txn: EtcdTxnResult };

export interface EtcdTxnResult {
  /** The store's revision after the transaction: the revision of its writes, if it wrote. */
  revision: number;
  succeeded: boolean;
  responses: EtcdOpResult[];
}

export interface EtcdWatchOptions {
  key: string;
  rangeEnd: string;
  startRevision: number;
  prevKv?: boolean;
  /** Changes, in revision order; the events of one revision are never split between calls. */
  onEvents: (events: EtcdEvent[]) => void;
  /** The revision to continue from is compacted away: the watch has ended, list again. */
  onCompacted: (compactRevision: number) => void;
  /** The stream broke and is being re-opened on another member (from the next revision: nothing is lost). */
  onReconnect?: (error: Error) => void;
}

export interface EtcdWatch {
  close(): void;
}

/** No member of the cluster answered in time. */
export class EtcdUnavailableError extends Error {
  override readonly name = "EtcdUnavailableError";
}

/** The smallest key after every key that starts with `prefix` (ASCII, as all of the store's keys): its range end. */
export function prefixEnd(prefix: string): string {
  if (prefix.length === 0 || [...prefix].some((char) => char.charCodeAt(0) > 0x7e))
    throw new Error(`etcd key prefix must be non-empty ASCII: ${prefix}`);
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
