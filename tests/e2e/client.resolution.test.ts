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
