import { describe, expect, it } from "vitest";
import { RegistryEventLog, type RegistryEvent, type WatchFilter } from "./events.ts";
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
