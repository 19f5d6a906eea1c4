import type { ServiceInstance } from "./store.ts";
import { bootSequenceIds, comparePositions, type EventIdScheme, type EventPosition } from "./event-ids.ts";

/**
 * What watchers see. `registered`: an instance appeared or registered again; `updated`: its tags changed; `removed`:
 * it deregistered or was removed; `expired`: its lease ran out; `down`/`up`: active health checks marked it failing
 * or healthy again. `reset`: events were missed (the registry restarted or
 * the gap is older than the log keeps) — list again, then go on watching. Heartbeats that only extend a lease are not
 * events: nothing a watcher sees changes.
 */
export type RegistryEventKind = "registered" | "updated" | "removed" | "expired" | "down" | "up" | "reset";

export interface RegistryEvent {
  /** Where the event sits in the store's history (`<boot id>:<sequence>`, or `<etcd cluster>:<revision>.<n>`); resume a watch from the last one seen. */
  id: string;
  kind: RegistryEventKind;
  name: string;
  url: string;
  tags: string[];
  at: number;
}

export interface WatchFilter {
  /** Exactly this name. */
  name?: string;
  /** Every name starting with this (everything when neither is given). */
  prefix?: string;
}

/**
 * Where events older than the log, or newer than this process has seen, can still come from: a replicated store's
 * own history (etcd's revisions). Without one, such a resume point means `reset`.
 */
export interface EventHistory {
  /** The events after `after` up to and including `until`, in order, with their ids; null when that history is gone. */
  replay(after: EventPosition, until: EventPosition): Promise<RegistryEvent[] | null>;
  /** Waits, briefly, until this process has applied `position` (seen by another replica first); false if it did not. */
  reach(position: EventPosition, signal?: AbortSignal): Promise<boolean>;
}

export interface RegistryEventLogOptions {
  /** How event ids are made and read (default: this boot's id and a sequence, for a single registry process). */
  ids?: EventIdScheme;
  /** Where to resume from when the log cannot: see `EventHistory`. */
  history?: EventHistory;
  /** The position the log starts after (a replicated store: the revision its mirror was listed at). */
  start?: EventPosition;
}

type StoredEvent = RegistryEvent & { position: EventPosition };

/** The recent changes of one registry process, for watchers: bounded, resumable, woken only by matching events. */
export class RegistryEventLog {
  private readonly events: StoredEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly ids: EventIdScheme;
  private readonly history: EventHistory | undefined;
  /** The position of the newest event (or the start). */
  private head: EventPosition;
  /** Every event after this position is in `events`: older ones dropped out, or came before the start. */
  private coveredAfter: EventPosition;

  constructor(
    private readonly capacity = 10_000,
    options: RegistryEventLogOptions = {},
  ) {
    this.ids = options.ids ?? bootSequenceIds();
    this.history = options.history;
    this.head = options.start ?? { major: 0, minor: 0 };
    this.coveredAfter = this.head;
  }

  /** Records a change at `position` (a replicated store's), or at the next position of this process's own. */
  append(
    kind: Exclude<RegistryEventKind, "reset">,
    instance: ServiceInstance,
    at: number,
    position: EventPosition = this.ids.nextLocal(this.head),
  ): void {
    if (comparePositions(position, this.head) <= 0) return; // already recorded (a replay overlapping the live feed)
    const { name, url, tags } = instance;
    this.events.push({ id: this.ids.format(position), position, kind, name, url, tags, at });
    this.head = position;
    if (this.events.length > this.capacity) this.coveredAfter = this.events.shift()!.position;
    this.wakeAll();
  }

  /**
   * Nothing before `position` can be resumed any more (a replicated store's mirror lost its place and listed again):
   * a watcher resuming from before it gets `reset`.
   */
  discontinuity(position: EventPosition): void {
    this.events.length = 0;
    if (comparePositions(position, this.head) > 0) this.head = position;
    this.coveredAfter = this.head;
    this.wakeAll();
  }

  /** Events matching `filter` after `lastEventId` (or from now), then live ones until `signal` aborts. */
  async *follow(
    filter: WatchFilter,
    lastEventId: string | undefined,
    signal?: AbortSignal,
  ): AsyncGenerator<RegistryEvent> {
    const matches = (event: RegistryEvent) =>
      filter.name !== undefined ? event.name === filter.name : event.name.startsWith(filter.prefix ?? "");
    let cursor = this.head;
    if (lastEventId !== undefined) {
      const resumed = await this.resume(lastEventId, signal);
      if (resumed === null) yield this.resetEvent();
      else {
        for (const event of resumed.replayed) if (matches(event)) yield event;
        cursor = resumed.cursor;
      }
    }
    while (!signal?.aborted) {
      for (const event of this.eventsAfter(cursor)) {
        cursor = event.position;
        if (matches(event))
          yield { id: event.id, kind: event.kind, name: event.name, url: event.url, tags: event.tags, at: event.at };
      }
      // An abort that came while an event was being handled has already fired: do not wait for it.
      if (signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          signal?.removeEventListener("abort", wake);
          resolve();
        };
        this.waiters.add(wake);
        signal?.addEventListener("abort", wake, { once: true });
      });
    }
  }

  /**
   * Where to go on from after `lastEventId`: with the events that only the history still has, or null when what came
   * since cannot be known (another boot or cluster, compacted, too old) — the watcher gets `reset`.
   */
  private async resume(
    lastEventId: string,
    signal: AbortSignal | undefined,
  ): Promise<{ cursor: EventPosition; replayed: RegistryEvent[] } | null> {
    const position = this.ids.parse(lastEventId);
    if (!position) return null;
    if (comparePositions(position, this.head) > 0) {
      // Seen by another replica before this one: wait until this one has it too.
      return (await this.history?.reach(position, signal)) ? { cursor: position, replayed: [] } : null;
    }
    const replayed: RegistryEvent[] = [];
    let cursor = position;
    // Older than memory: take the gap from the history (the log may move on while it is read: go again).
    while (comparePositions(cursor, this.coveredAfter) < 0) {
      const until = this.coveredAfter;
      const older = this.history ? await this.history.replay(cursor, until) : null;
      if (!older) return null;
      replayed.push(...older);
      cursor = until;
    }
    return { cursor, replayed };
  }

  /** Stored events after `cursor`, oldest first (the log is in position order: search from the end). */
  private eventsAfter(cursor: EventPosition): StoredEvent[] {
    let first = this.events.length;
    while (first > 0 && comparePositions(this.events[first - 1]!.position, cursor) > 0) first--;
    return this.events.slice(first);
  }

  private wakeAll(): void {
    for (const wake of this.waiters) wake();
  }

  private resetEvent(): RegistryEvent {
    return { id: this.ids.format(this.head), kind: "reset", name: "", url: "", tags: [], at: Date.now() };
  }
}
