import { InstanceIndex, type ServiceInstance } from "@switchboard/core/registry";
import { EtcdUnavailableError, type EtcdClient, type EtcdKeyValue, type EtcdWatch } from "./etcd-client.ts";
import { ChangeDecoder, type InstanceChange } from "./change-decoder.ts";
import { decodeInstance, type KeyLayout } from "./key-layout.ts";

export interface MirrorListener {
  /** Changes etcd reported, in revision order, once they are in the mirror. */
  onChanges(changes: InstanceChange[]): void;
  /**
   * The watch's next revision was compacted before it could be read: the mirror listed again at `revision`, and
   * `changes` are the differences it found (their positions are not etcd's: ids from before cannot be resumed).
   */
  onResync(revision: number, changes: Array<Omit<InstanceChange, "position">>): void;
  onReconnect?(error: Error): void;
}

/**
 * This registry process's copy of the directory in etcd: listed at revision R, then kept current by a watch from
 * R + 1 (with previous values, so deletes say what went). Lookups read it, never etcd. Writers wait for it to reach
 * their write's revision, so a registry always reads its own writes.
 */
export class EtcdMirror {
  readonly index = new InstanceIndex();
  private applied = 0;
  private readonly waiters = new Set<{ revision: number; resolve: () => void }>();
  private readonly decoder: ChangeDecoder;
  private watch: EtcdWatch | undefined;
  private listener: MirrorListener | undefined;
  private closed = false;

  constructor(
    private readonly client: EtcdClient,
    private readonly layout: KeyLayout,
  ) {
    this.decoder = new ChangeDecoder(layout);
  }

  /** The revision the mirror has applied: everything in etcd up to it is in the mirror. */
  get revision(): number {
    return this.applied;
  }

  /** Lists every instance; returns the revision of the listing. */
  async load(): Promise<number> {
    const listing = await this.client.range(this.layout.instancesPrefix, { rangeEnd: this.layout.instancesEnd });
    for (const instance of instancesOf(listing.kvs)) this.index.remember(instance);
    this.applied = listing.revision;
    return listing.revision;
  }

  /** Starts following etcd from the revision after the listing. */
  follow(listener: MirrorListener): void {
    this.listener = listener;
    this.startWatch(this.applied + 1);
  }

  /** Resolves once the mirror has applied `revision`; fails after `timeoutMs` (the watch cannot keep up or reconnect). */
  waitFor(revision: number, timeoutMs: number): Promise<void> {
    if (this.applied >= revision) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        revision,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new EtcdUnavailableError(
            `this registry's copy of etcd did not reach revision ${revision} in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** A renewal this replica made: it knows the new expiry before the others (which need no event for it). */
  renewed(leaseId: string, leaseExpiresAt: number): void {
    const instance = this.index.byLease(leaseId);
    if (instance && leaseExpiresAt > instance.leaseExpiresAt) this.index.remember({ ...instance, leaseExpiresAt });
  }

  close(): void {
    this.closed = true;
    this.watch?.close();
  }

  private startWatch(fromRevision: number): void {
    this.watch = this.client.watch({
      // Instances and the removal marker: everything under the prefix.
      key: this.layout.prefix,
      rangeEnd: this.layout.prefixEnd,
      startRevision: fromRevision,
      prevKv: true,
      onEvents: (events) => {
        const changes = this.decoder.decode(events);
        for (const change of changes) this.apply(change);
        this.reached(events[events.length - 1]!.kv.modRevision);
        if (changes.length > 0) this.listener?.onChanges(changes);
      },
      onCompacted: () => void this.resync(),
      onReconnect: (error) => this.listener?.onReconnect?.(error),
    });
  }

  private apply(change: InstanceChange): void {
    if (change.kind === "removed" || change.kind === "expired") {
      // Only if the key still held that lease in the mirror (a newer registration at the URL is another instance).
      if (this.index.byLease(change.instance.leaseId)) this.index.forget(change.instance.leaseId);
      return;
    }
    const known = this.index.byLease(change.instance.leaseId);
    const leaseExpiresAt = Math.max(known?.leaseExpiresAt ?? 0, change.instance.leaseExpiresAt);
    this.index.remember({ ...change.instance, leaseExpiresAt });
  }

  private reached(revision: number): void {
    if (revision <= this.applied) return;
    this.applied = revision;
    for (const waiter of this.waiters) {
      if (waiter.revision <= revision) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Lists again after a compaction took the watch's place, and reports what differs from the mirror. */
  private async resync(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      try {
        const listing = await this.client.range(this.layout.instancesPrefix, { rangeEnd: this.layout.instancesEnd });
        const fresh = new Map(instancesOf(listing.kvs).map((instance) => [instance.leaseId, instance]));
        const changes: Array<Omit<InstanceChange, "position">> = [];
        for (const instance of this.index.all()) {
          if (!fresh.has(instance.leaseId)) {
            this.index.forget(instance.leaseId);
            changes.push({ kind: "removed", instance });
          }
        }
        for (const instance of fresh.values()) {
          const known = this.index.byLease(instance.leaseId);
          if (known && known.tags.join("\n") === instance.tags.join("\n")) continue;
          this.index.remember(instance);
          changes.push({ kind: known ? "updated" : "registered", instance });
        }
        this.reached(listing.revision);
        this.listener?.onResync(listing.revision, changes);
        this.startWatch(listing.revision + 1);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

/** The instances of a listing, in registration order (etcd lists by key; a key's create revision is its age). */
function instancesOf(kvs: EtcdKeyValue[]): ServiceInstance[] {
  return [...kvs]
    .sort((a, b) => a.createRevision - b.createRevision)
    .map((kv) => decodeInstance(kv.value, kv.lease))
    .filter((instance): instance is ServiceInstance => instance !== null);
}
