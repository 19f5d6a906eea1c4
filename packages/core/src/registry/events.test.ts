import { describe, expect, it } from "vitest";
import { localEventBase, revisionIds, type EventPosition } from "./event-ids.ts";
import { RegistryEventLog, type EventHistory, type RegistryEvent, type WatchFilter } from "./events.ts";
import type { ServiceInstance } from "./store.ts";

const instance = (name: string): ServiceInstance => ({
  name,
  url: "http://127.0.0.1:1",
  tags: [],
  leaseId: "lease",
  ttlMs: 1_000,
  leaseExpiresAt: 1_000,
});

/** Follows the log until `count` events arrived, then stops. */
async function take(
  log: RegistryEventLog,
  count: number,
  filter: WatchFilter,
  lastEventId?: string,
): Promise<RegistryEvent[]> {
  const controller = new AbortController();
  const events: RegistryEvent[] = [];
  for await (const event of log.follow(filter, lastEventId, controller.signal)) {
    events.push(event);
    if (events.length === count) controller.abort();
  }
  return events;
}

const describeEvents = (events: RegistryEvent[]) => events.map((event) => `${event.kind} ${event.name}`);

describe("RegistryEventLog", () => {
  it("delivers live events that match the filter, and no others", async () => {
    const log = new RegistryEventLog();
    const following = take(log, 2, { name: "a" });
    log.append("registered", instance("ab"), 1);
    log.append("registered", instance("a"), 2);
    log.append("registered", instance("b"), 3);
    log.append("removed", instance("a"), 4);
    expect(describeEvents(await following)).toEqual(["registered a", "removed a"]);
  });

  it("resumes after the last event seen, with everything since that matches", async () => {
    const log = new RegistryEventLog();
    const firstSeen = take(log, 1, { prefix: "a." });
    log.append("registered", instance("a.one"), 1);
    const [first] = await firstSeen;
    // While the consumer is away:
    log.append("registered", instance("b.two"), 2);
    log.append("removed", instance("a.one"), 3);
    log.append("registered", instance("a.three"), 4);
    expect(describeEvents(await take(log, 2, { prefix: "a." }, first?.id))).toEqual([
      "removed a.one",
      "registered a.three",
    ]);
  });

  it("says reset when it cannot know what was missed: another registry boot, or older than it keeps", async () => {
    const log = new RegistryEventLog(2);
    const firstSeen = take(log, 1, {});
    log.append("registered", instance("n0"), 0);
    const [first] = await firstSeen;
    for (let index = 1; index < 5; index++) log.append("registered", instance(`n${index}`), index);
    expect(describeEvents(await take(log, 1, {}, first?.id))).toEqual(["reset "]);
    expect(describeEvents(await take(log, 1, {}, "deadbeef:1"))).toEqual(["reset "]);
  });
});

describe("RegistryEventLog with revision-based ids (a replicated store)", () => {
  const ids = revisionIds("cluster-1");
  const at = (major: number, minor = 0) => ({ major, minor });

  it("keeps the store's positions as ids, and puts this process's own events after the revision it reached", async () => {
    const log = new RegistryEventLog(100, { ids, start: at(10, localEventBase - 1) });
    const following = take(log, 3, {});
    log.append("registered", instance("a"), 1, at(11, 0));
    log.append("registered", instance("b"), 1, at(11, 1));
    log.append("down", instance("a"), 2);
    expect((await following).map((event) => event.id)).toEqual([
      "cluster-1:11.0",
      "cluster-1:11.1",
      `cluster-1:11.${localEventBase}`,
    ]);
  });

  it("reads events older than its memory back from the history, and waits for ids it has not reached", async () => {
    const replayed: Array<[EventPosition, EventPosition]> = [];
    const reached: EventPosition[] = [];
    const history: EventHistory = {
      replay: (after, until) => {
        replayed.push([after, until]);
        return Promise.resolve([{ id: "cluster-1:9.0", kind: "registered", name: "old", url: "", tags: [], at: 0 }]);
      },
      reach: (position) => {
        reached.push(position);
        return Promise.resolve(position.major < 100);
      },
    };
    const log = new RegistryEventLog(100, { ids, history, start: at(10, localEventBase - 1) });
    log.append("registered", instance("new"), 1, at(11, 0));
    expect(describeEvents(await take(log, 2, {}, "cluster-1:8.0"))).toEqual(["registered old", "registered new"]);
    expect(replayed).toEqual([[at(8, 0), at(10, localEventBase - 1)]]);
    // Ahead of this replica: wait until it is there (the fake history says it is), then go on from that point.
    const ahead = take(log, 1, {}, "cluster-1:12.0");
    log.append("registered", instance("newer"), 1, at(13, 0));
    expect(describeEvents(await ahead)).toEqual(["registered newer"]);
    expect(describeEvents(await take(log, 1, {}, "cluster-1:500.0"))).toEqual(["reset "]);
    expect(reached).toEqual([at(12, 0), at(500, 0)]);
  });

  it("says reset for another store's id, a garbled one, or one from before a discontinuity", async () => {
    const log = new RegistryEventLog(100, { ids, start: at(10) });
    log.append("registered", instance("a"), 1, at(11, 0));
    expect(describeEvents(await take(log, 1, {}, "cluster-2:11.0"))).toEqual(["reset "]);
    expect(describeEvents(await take(log, 1, {}, "cluster-1:eleven"))).toEqual(["reset "]);
    log.discontinuity(at(20, localEventBase - 1));
    expect(describeEvents(await take(log, 1, {}, "cluster-1:11.0"))).toEqual(["reset "]);
  });
});
