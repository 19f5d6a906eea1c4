import { openTestDatabase } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { createPrismaRegistryStore } from "./prisma-store.ts";
import { resumeLeasesAfterDowntime } from "./resume-leases.ts";

/** A SQLite file holding what a registry that stopped at 2,000 ms left: two leases live then, one already expired. */
async function fileLeftAtTwoSeconds() {
  const { db } = openTestDatabase();
  const store = createPrismaRegistryStore(db);
  await store.register({ name: "dead.before", url: "http://127.0.0.1:4000", tags: [], ttlMs: 500 }, 0);
  await store.register({ name: "live.older", url: "http://127.0.0.1:4001", tags: [], ttlMs: 2_000 }, 1_000);
  await store.register({ name: "live.newer", url: "http://127.0.0.1:4002", tags: [], ttlMs: 2_000 }, 2_000);
  const expiries = async (at: number) =>
    Object.fromEntries((await store.listByPrefix("", at)).map((instance) => [instance.name, instance.leaseExpiresAt]));
  return { db, expiries };
}

describe("resumeLeasesAfterDowntime: the time no registry ran does not count against its leases", () => {
  it("gives each lease live at the last heartbeat its remaining time, from now; an expired one stays expired", async () => {
    const { db, expiries } = await fileLeftAtTwoSeconds();
    expect(await expiries(10_000)).toEqual({});

    expect(await resumeLeasesAfterDowntime(db, 10_000)).toBe(2);
    // live.older had 1,000 ms left at 2,000 ms, live.newer its whole TTL; dead.before had run out before the stop.
    expect(await expiries(10_000)).toEqual({ "live.older": 11_000, "live.newer": 12_000 });
  });

  it("counts a downtime once: a second restart measures from the first", async () => {
    const { db, expiries } = await fileLeftAtTwoSeconds();
    await resumeLeasesAfterDowntime(db, 10_000);
    expect(await resumeLeasesAfterDowntime(db, 10_500)).toBe(2);
    expect(await expiries(10_500)).toEqual({ "live.older": 11_500, "live.newer": 12_500 });
  });

  it("changes nothing on an empty file or when no time has passed", async () => {
    expect(await resumeLeasesAfterDowntime(openTestDatabase().db, 5_000)).toBe(0);
    const { db, expiries } = await fileLeftAtTwoSeconds();
    expect(await resumeLeasesAfterDowntime(db, 2_000)).toBe(0);
    expect(await expiries(2_000)).toEqual({ "live.older": 3_000, "live.newer": 4_000 });
  });
});
