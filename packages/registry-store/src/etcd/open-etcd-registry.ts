import { createHash } from "node:crypto";
import { localEventBase, RegistryEventLog, revisionIds, type RegistryStore } from "@switchboard/core/registry";
import type { EtcdClient } from "./etcd-client.ts";
import { etcdEventHistory } from "./etcd-history.ts";
import { EtcdMirror } from "./etcd-mirror.ts";
import { createEtcdRegistryStore } from "./etcd-store.ts";
import { createGrpcEtcdClient, type GrpcEtcdClientOptions } from "./grpc-etcd-client.ts";
import { KeyLayout } from "./key-layout.ts";

export interface OpenEtcdRegistryOptions {
  /** Client URLs of the cluster's members (`http://host:port`); calls fail over between them. */
  endpoints: string[];
  /** Where this directory lives in etcd's keyspace (default `/switchboard/`); ASCII. */
  prefix?: string;
  /** How long start-up may wait for etcd before it fails (default 5 s). */
  connectTimeoutMs?: number;
  /** Told when the watch stream broke and moved to another member. */
  onReconnect?: (error: Error) => void;
  client?: GrpcEtcdClientOptions;
  /** Events kept in memory for resuming watchers (older ones are read back from etcd). */
  eventCapacity?: number;
}

export interface EtcdRegistry {
  store: RegistryStore;
  events: RegistryEventLog;
  /** The etcd client, for tests and tools (compaction). */
  client: EtcdClient;
  /** The revision this process's mirror has applied. */
  revision(): number;
  close(): Promise<void>;
}

/** etcd could not be reached, or could not serve a consistent read, at start-up. */
export class EtcdStartupError extends Error {
  override readonly name = "EtcdStartupError";
}

/**
 * Connects a registry process to the directory in etcd: lists it into memory, follows it from there, and returns the
 * store and the event log (revision-based ids, resumable on any replica). Fails within `connectTimeoutMs` when etcd
 * cannot be reached, writing nothing.
 */
export async function openEtcdRegistry(options: OpenEtcdRegistryOptions): Promise<EtcdRegistry> {
  const prefix = options.prefix ?? "/switchboard/";
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  const client = createGrpcEtcdClient(options.endpoints, options.client);
  const layout = new KeyLayout(prefix);
  const mirror = new EtcdMirror(client, layout);
  let startRevision: number;
  let clusterId: string;
  try {
    const started = Date.now();
    clusterId = await client.clusterId({ timeoutMs });
    // A listing is a linearizable read: it needs a quorum, which is what serving needs too.
    startRevision = await withTimeout(mirror.load(), Math.max(1, timeoutMs - (Date.now() - started)), "no quorum?");
  } catch (error) {
    client.close();
    throw new EtcdStartupError(
      `cannot reach etcd at ${options.endpoints.join(",")} within ${timeoutMs} ms: ${(error as Error).message}`,
    );
  }
  // The store id: the cluster and the prefix, so ids from another directory or cluster mean `reset`.
  const storeId = `${clusterId}-${createHash("sha256").update(prefix).digest("hex").slice(0, 6)}`;
  const ids = revisionIds(storeId);
  const events = new RegistryEventLog(options.eventCapacity ?? 10_000, {
    ids,
    history: etcdEventHistory({ client, layout, mirror, ids }),
    // Every change up to the listing's revision is in the listing, none of them in the log.
    start: { major: startRevision, minor: localEventBase - 1 },
  });
  mirror.follow({
    onChanges(changes) {
      const at = Date.now();
      for (const change of changes) events.append(change.kind, change.instance, at, change.position);
    },
    onResync(revision, changes) {
      events.discontinuity({ major: revision, minor: localEventBase - 1 });
      const at = Date.now();
      for (const change of changes) events.append(change.kind, change.instance, at);
    },
    onReconnect: options.onReconnect,
  });
  const store = createEtcdRegistryStore({ client, layout, mirror });
  return {
    store,
    events,
    client,
    revision: () => mirror.revision,
    close() {
      mirror.close();
      client.close();
      return Promise.resolve();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, hint: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no consistent read in ${timeoutMs} ms (${hint})`)), timeoutMs);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error as Error)),
    );
  });
}
