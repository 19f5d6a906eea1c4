import type { EventPosition, ServiceInstance } from "@switchboard/core/registry";
import type { EtcdEvent } from "./etcd-client.ts";
import { decodeInstance, type KeyLayout } from "./key-layout.ts";

export type InstanceChangeKind = "registered" | "updated" | "removed" | "expired";

export interface InstanceChange {
  kind: InstanceChangeKind;
  /** The instance after the change (for removals: as it was). */
  instance: ServiceInstance;
  /** (revision, the n-th change of that revision): the same on every replica, which is what makes ids resumable. */
  position: EventPosition;
}

/**
 * Turns etcd's watch events (with their previous values) into the registry's changes. A put of a new key, or of a key
 * under a new lease, is `registered`; a put under the same lease is `updated` (tags); a delete is `removed` when its
 * revision carries the removal marker (deregistrations write it in the same transaction), else `expired` (etcd
 * revoked the lease). Only etcd's data decides, so every replica, and a replay of history, numbers changes alike.
 */
export class ChangeDecoder {
  private revision = 0;
  private nextMinor = 0;

  constructor(private readonly layout: KeyLayout) {}

  decode(events: EtcdEvent[]): InstanceChange[] {
    const changes: InstanceChange[] = [];
    for (const group of byRevision(events)) {
      const removal = group.some((event) => event.kv.key === this.layout.removalMarker);
      for (const event of group) {
        if (!this.layout.isInstanceKey(event.kv.key)) continue;
        const change = this.changeOf(event, removal);
        if (change) changes.push({ ...change, position: this.positionIn(event.kv.modRevision) });
      }
    }
    return changes;
  }

  private changeOf(event: EtcdEvent, removal: boolean): Omit<InstanceChange, "position"> | null {
    if (event.type === "delete") {
      const before = event.prevKv && decodeInstance(event.prevKv.value, event.prevKv.lease);
      return before ? { kind: removal ? "removed" : "expired", instance: before } : null;
    }
    const instance = decodeInstance(event.kv.value, event.kv.lease);
    if (!instance) return null;
    const sameLease = event.prevKv !== undefined && event.prevKv.lease === event.kv.lease;
    return { kind: sameLease ? "updated" : "registered", instance };
  }

  /** Numbers the changes of a revision from 0, also when its events arrive in more than one batch. */
  private positionIn(revision: number): EventPosition {
    if (revision !== this.revision) {
      this.revision = revision;
      this.nextMinor = 0;
    }
    return { major: revision, minor: this.nextMinor++ };
  }
}

function byRevision(events: EtcdEvent[]): EtcdEvent[][] {
  const groups: EtcdEvent[][] = [];
  for (const event of events) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.kv.modRevision === event.kv.modRevision) last.push(event);
    else groups.push([event]);
  }
  return groups;
}
