import { createSwitchboard, silentLogger, type GreeterRouter } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

// Pyro's PYROMETA: proxy, typed: call whichever live instance carries all of some tags, whatever its name.
describe("connect by tags", () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.stopAll());

  it("calls only instances carrying every tag, fails over between them, and says so when none matches", async () => {
    const euOne = await system.start("greeter", { GREETER_NAME: "test.greeter.eu1", GREETER_TAGS: "greeting,eu" });
    const euTwo = await system.start("greeter", { GREETER_NAME: "test.greeter.eu2", GREETER_TAGS: "greeting,eu" });
    await system.start("greeter", { GREETER_NAME: "test.greeter.us", GREETER_TAGS: "greeting,us" });
    const switchboard = createSwitchboard({ registryUrl: system.registryUrl, log: silentLogger });
    try {
      const eu = switchboard.connect<GreeterRouter>({ tags: ["eu", "greeting"] });
      const answered = new Set<string>();
      for (let call = 0; call < 6; call++) {
        await eu.welcomeMessage.query("x", { context: { onAnswer: (url: string) => answered.add(url) } });
      }
      expect(answered).toEqual(new Set([euOne.url, euTwo.url]));

      await euOne.stop("SIGKILL");
      for (let call = 0; call < 4; call++) expect(await eu.welcomeMessage.query("y")).toBe("Hi welcome y");

      const nowhere = switchboard.connect<GreeterRouter>({ tags: ["eu", "mars"] });
      await expect(nowhere.welcomeMessage.query("z")).rejects.toMatchObject({
        message: "cannot resolve tags: eu, mars: no instance carries all of the tags: eu, mars",
        data: { code: "SERVICE_UNAVAILABLE", resolution: { service: "tags: eu, mars", cause: "NOT_FOUND" } },
      });
    } finally {
      switchboard.close();
    }
  });
});
