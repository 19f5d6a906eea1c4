import { createSwitchboard, type GreeterRouter, silentLogger } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the client across instances, with real processes", () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.stopAll());

  it("spreads calls over two greeters and loses no call when one is killed mid-stream", async () => {
    const first = await system.start("greeter", { GREETER_NAME: "test.pair" });
    const second = await system.start("greeter", { GREETER_NAME: "test.pair" });
    const switchboard = createSwitchboard({ registryUrl: system.registryUrl, log: silentLogger });
    try {
      const picked = new Set([
        await switchboard.resolver.pick("test.pair"),
        await switchboard.resolver.pick("test.pair"),
      ]);
      expect(picked).toEqual(new Set([first.url, second.url]));

      const pair = switchboard.connect<GreeterRouter>("test.pair");
      const failures: unknown[] = [];
      let answered = 0;
      const deadline = Date.now() + 1_500;
      const killer = sleep(400).then(() => first.stop("SIGKILL"));
      await Promise.all(
        [1, 2, 3, 4].map(async (caller) => {
          for (let call = 0; Date.now() < deadline; call++) {
            const name = `caller${caller}-${call}`;
            try {
              expect(await pair.welcomeMessage.query(name)).toBe(`Hi welcome ${name}`);
              answered++;
            } catch (error) {
              failures.push(error);
            }
          }
        }),
      );
      await killer;
      expect(failures).toEqual([]);
      expect(answered).toBeGreaterThan(100);
      expect(await switchboard.resolver.pick("test.pair")).toBe(second.url);
    } finally {
      switchboard.close();
    }
  });

  it("keeps calling the addresses it knows while the registry is down, says so, and fails clearly for new names", async () => {
    const own = await startSystem();
    try {
      await own.start("greeter");
      const messages: string[] = [];
      const switchboard = createSwitchboard({
        registryUrl: own.registryUrl,
        refreshAfterMs: 50,
        log: { ...silentLogger, info: (_, message) => messages.push(message), warn: (_, message) => messages.push(message) },
      });
      try {
        const greeter = switchboard.connect("example.greeter");
        expect(await greeter.welcomeMessage.query("before")).toBe("Hi welcome before");
        await own.registry.stop("SIGKILL");
        for (const name of ["during-1", "during-2", "during-3"]) {
          await sleep(80);
          expect(await greeter.welcomeMessage.query(name)).toBe(`Hi welcome ${name}`);
        }
        expect(messages).toEqual(["registry unreachable; calling the addresses already known"]);
        await expect(switchboard.connect<GreeterRouter>("example.never").welcomeMessage.query("x")).rejects.toThrow(
          /^cannot resolve example\.never: .*ECONNREFUSED/,
        );
      } finally {
        switchboard.close();
      }
    } finally {
      await own.stopAll();
    }
  });
});
