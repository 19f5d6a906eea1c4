import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

// A shared registry's limits, configured small, against a real registry process over real HTTP: each refusal names
// its limit and leaves the directory as it was.
describe("the registry's limits (REGISTRY_MAX_*)", () => {
  const acmeToken = "acme-only-token-0123456789";
  let system: RunningSystem;
  let admin: Switchboard;
  let acme: Switchboard;

  beforeAll(async () => {
    system = await startSystem({
      REGISTRY_NAME_TOKENS: `acme.*=${acmeToken}`,
      REGISTRY_MAX_REGISTRATIONS: "5",
      REGISTRY_MAX_REGISTRATIONS_PER_TOKEN: "2",
      REGISTRY_MAX_TAGS: "3",
      REGISTRY_MAX_TAG_LENGTH: "10",
      REGISTRY_MAX_NAME_LENGTH: "40",
    });
    admin = system.switchboard();
    acme = createSwitchboard({ registryUrl: system.registryUrl, registryToken: acmeToken });
  });
  afterAll(async () => {
    acme?.close();
    await system?.stopAll();
  });

  const names = async () => (await admin.registry.list.query()).map((entry) => entry.name);
  const url = (port: number) => `http://127.0.0.1:${port}`;

  it("refuses a name over the name length limit: BAD_REQUEST naming it, nothing registered", async () => {
    await expect(admin.registry.register.mutate({ name: `x.${"n".repeat(39)}`, url: url(9) })).rejects.toMatchObject({
      message: "name must be at most 40 characters on this registry (its name length limit)",
      data: { code: "BAD_REQUEST" },
    });
    expect(await names()).toEqual(["switchboard.registry"]);
  });

  it("refuses more tags than the tag count limit and a tag over the tag length limit, on register and setMetadata", async () => {
    await expect(
      admin.registry.register.mutate({ name: "x.tags", url: url(9), tags: ["a", "b", "c", "d"] }),
    ).rejects.toMatchObject({
      message: "at most 3 tags on this registry (its tag count limit); got 4",
      data: { code: "BAD_REQUEST" },
    });
    await expect(
      admin.registry.register.mutate({ name: "x.tags", url: url(9), tags: ["eleven-char"] }),
    ).rejects.toMatchObject({
      message: "a tag must be at most 10 characters on this registry (its tag length limit); got 11",
      data: { code: "BAD_REQUEST" },
    });
    await admin.registry.register.mutate({ name: "x.tags", url: url(9), tags: ["a", "b", "a", "c"], ttlMs: 60_000 });
    await expect(
      admin.registry.setMetadata.mutate({ name: "x.tags", tags: ["a", "b", "c", "d"] }),
    ).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    expect((await admin.registry.lookup.query({ name: "x.tags" })).instances[0]?.tags).toEqual(["a", "b", "c"]);
    await admin.registry.remove.mutate({ name: "x.tags" });
  });

  it("holds a name token to its own registration limit; registering again at the same URL takes no new room", async () => {
    await acme.registry.register.mutate({ name: "acme.one", url: url(11), ttlMs: 60_000 });
    const second = await acme.registry.register.mutate({ name: "acme.two", url: url(12), ttlMs: 60_000 });
    await expect(acme.registry.register.mutate({ name: "acme.three", url: url(13) })).rejects.toMatchObject({
      message: "this token holds its limit of 2 registrations; deregister some first",
      data: { code: "TOO_MANY_REQUESTS" },
    });
    // A restarted service registers again at its own URL: a replacement, not a new registration.
    await acme.registry.register.mutate({ name: "acme.one", url: url(11), ttlMs: 60_000 });
    expect(await names()).toEqual(["acme.one", "acme.two", "switchboard.registry"]);
    await acme.registry.deregister.mutate({ leaseId: second.leaseId });
    await acme.registry.register.mutate({ name: "acme.three", url: url(13), ttlMs: 60_000 });
    expect(await names()).toEqual(["acme.one", "acme.three", "switchboard.registry"]);
  });

  it("refuses registrations past the registry's total limit, the registry's own entry not counted", async () => {
    for (const port of [21, 22, 23]) {
      await admin.registry.register.mutate({ name: `team.s${port}`, url: url(port), ttlMs: 60_000 });
    }
    await expect(admin.registry.register.mutate({ name: "team.s24", url: url(24) })).rejects.toMatchObject({
      message: "this registry holds its limit of 5 registrations; remove some or wait for leases to expire",
      data: { code: "TOO_MANY_REQUESTS" },
    });
    expect(await admin.registry.count.query()).toEqual({ names: 6, instances: 6 });
    await admin.registry.remove.mutate({ prefix: "team." });
    await admin.registry.register.mutate({ name: "team.s24", url: url(24), ttlMs: 60_000 });
    await admin.registry.remove.mutate({ prefix: "" });
  });

  it("lists a long name with the pattern (a+)+$ and answers with the right names (RE2: no backtracking)", async () => {
    const allA = "a".repeat(40);
    // The name a backtracking engine would take exponential time on: a's, then a character that fails `$`.
    const trap = `${"a".repeat(39)}!`;
    await admin.registry.register.mutate({ name: allA, url: url(31), ttlMs: 60_000 });
    await admin.registry.register.mutate({ name: trap, url: url(32), ttlMs: 60_000 });
    const listed = await admin.registry.list.query({ regex: "(a+)+$" });
    expect(listed.map((entry) => entry.name)).toEqual([allA]);
    expect(await admin.registry.ping.query()).toBe("pong");
  });
});
