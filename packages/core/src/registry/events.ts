import { randomBytes } from "node:crypto";
import type { ServiceInstance } from "./store.ts";

/**
 * What watchers see. `registered`: an instance appeared or registered again; `updated`: its tags changed; `removed`:
 * it deregistered or was removed; `expired`: its lease ran out; `down`/`up`: active health checks marked it failing
 * or healthy again. `reset`: events were missed (the registry restarted or
 * the gap is older than the log keeps) — list again, then go on watching. Heartbeats that only extend a lease are not
 * events: nothing a watcher sees changes.
 */
export type RegistryEventKind = "registered" | "updated" | "removed" | "expired" | "down" | "up" | "reset";

export interface RegistryEvent {
  /** `<boot id>:<sequence>`; resume a watch from the last one seen. */
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

/** The recent changes of one registry process, for watchers: bounded, resumable, woken only by matching events. */
export class RegistryEventLog {
  private readonly bootId = randomBytes(4).toString("hex");
  private readonly events: Array<RegistryEvent & { sequence: number }> = [];
  private sequence = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly capacity = 10_000) {}

  append(kind: Exclude<RegistryEventKind, "reset">, instance: ServiceInstance, at: number): void {
    this.sequence++;
    const { name, url, tags } = instance;
    this.events.push({ id: `${this.bootId}:${this.sequence}`, sequence: this.sequence, kind, name, url, tags, at });
    if (this.events.length > this.capacity) this.events.shift();
    for (const wake of this.waiters) wake();
  }

  /** Events matching `filter` after `lastEventId` (or from now), then live ones until `signal` aborts. */
  async *follow(
    filter: WatchFilter,
    lastEventId: string | undefined,
    signal?: AbortSignal,
  ): AsyncGenerator<RegistryEvent> {
    const matches = (event: RegistryEvent) =>
      filter.name !== undefined ? event.name === filter.name : event.name.startsWith(filter.prefix ?? "");
    let cursor = this.sequence;
    if (lastEventId !== undefined) {
      const resumed = this.resumePoint(lastEventId);
      if (resumed === null) yield this.resetEvent();
      else cursor = resumed;
    }
    while (!signal?.aborted) {
      for (const event of this.events) {
        if (event.sequence <= cursor) continue;
        cursor = event.sequence;
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

  /** The sequence to resume after, or null when events since then are no longer known. */
  private resumePoint(lastEventId: string): number | null {
    const [bootId, sequenceText] = lastEventId.split(":");
    const sequence = Number(sequenceText);
    if (bootId !== this.bootId || !Number.isInteger(sequence) || sequence > this.sequence) return null;
    const oldest = this.events[0]?.sequence ?? this.sequence + 1;
    return sequence >= oldest - 1 ? sequence : null;
  }

  private resetEvent(): RegistryEvent {
    return { id: `${this.bootId}:${this.sequence}`, kind: "reset", name: "", url: "", tags: [], at: Date.now() };
  }
}
