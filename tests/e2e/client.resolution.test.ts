import { createSwitchboard, type GreeterRouter } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

describe("the name-resolving client, across real processes", () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.stopAll());

  it("re-resolves when the cached instance stops answering, and reaches its replacement", async () => {
    const switchboard = createSwitchboard({ registryUrl: system.registryUrl });
    try {
      const first = await system.start("greeter", { GREETER_NAME: "test.moving" });
      const moving = switchboard.connect<GreeterRouter>("test.moving");
      expect(await moving.welcomeMessage.query("a")).toBe("Hi welcome a");
      // Killed without deregistering: the registry still lists it until its lease runs out.
      await first.stop("SIGKILL");
      const second = await system.start("greeter", { GREETER_NAME: "test.moving" });
      expect(await moving.welcomeMessage.query("b")).toBe("Hi welcome b");
      expect(await switchboard.resolver.pick("test.moving")).toBe(second.url);
    } finally {
      switchboard.close();
    }
  });

  it("fails with a clear error naming the name when the registry cannot be reached", async () => {
    const switchboard = createSwitchboard({ registryUrl: "http://127.0.0.1:1" });
    try {
      const nowhere = switchboard.connect<GreeterRouter>("example.greeter");
      await expect(nowhere.welcomeMessage.query("x")).rejects.toThrow(
        /^cannot resolve example\.greeter: .*ECONNREFUSED/,
      );
    } finally {
      switchboard.close();
    }
  });
});

describe("the name cache follows the registry's changes (watch), without polling", () => {
  it("picks up a new instance and drops a stopped one at once", async () => {
    const system = await startSystem();
    try {
      const first = await system.start("greeter", { GREETER_NAME: "test.followed" });
      // Polling only after a minute: anything sooner comes from the watch stream.
      const switchboard = createSwitchboard({ registryUrl: system.registryUrl, refreshAfterMs: 60_000 });
      try {
        const picks = async (count: number) => {
          const urls = new Set<string>();
          for (let pick = 0; pick < count; pick++) urls.add(await switchboard.resolver.pick("test.followed"));
          return urls;
        };
        expect(await picks(4)).toEqual(new Set([first.url]));
        const second = await system.start("greeter", { GREETER_NAME: "test.followed" });
        await expect.poll(() => picks(4), { timeout: 5_000 }).toEqual(new Set([first.url, second.url]));
        await first.stop("SIGTERM");
        await expect.poll(() => picks(4), { timeout: 5_000 }).toEqual(new Set([second.url]));
      } finally {
        switchboard.close();
      }
    } finally {
      await system.stopAll();
    }
  });
});
