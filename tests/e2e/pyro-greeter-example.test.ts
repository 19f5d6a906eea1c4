import { createSwitchboard, type GreeterRouter, type Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

describe("the Pyro4 greeter example: across processes through the registry", () => {
  let system: RunningSystem;
  let switchboard: Switchboard;

  beforeAll(async () => {
    system = await startSystem();
    await system.start("greeter");
    switchboard = createSwitchboard({ registryUrl: system.registryUrl });
  });
  afterAll(async () => {
    switchboard.close();
    await system.stopAll();
  });

  it("welcomeMessage answers by name, over WebSocket and over HTTP", async () => {
    expect(await switchboard.connect("example.greeter").welcomeMessage.query("Rashmi")).toBe("Hi welcome Rashmi");
    const overHttp = createSwitchboard({ registryUrl: system.registryUrl, transport: "http" });
    try {
      expect(await overHttp.connect("example.greeter").welcomeMessage.query("Meeta")).toBe("Hi welcome Meeta");
    } finally {
      overHttp.close();
    }
  });

  it("demo:greeter asks 'What is your name?' and greets the answer", async () => {
    const { code, stdout } = await runScript("scripts/demo-greeter.ts", [], system.env, "Rashmi\n");
    expect(code).toBe(0);
    expect(stdout).toBe("What is your name? Hi welcome Rashmi\n");
  });

  it("demo:greeter takes the name as an argument", async () => {
    const { code, stdout } = await runScript("scripts/demo-greeter.ts", ["Meeta"], system.env);
    expect(code).toBe(0);
    expect(stdout).toBe("Hi welcome Meeta\n");
  });

  it("an unknown name fails as a resolution failure whose message names it", async () => {
    const missing = switchboard.connect<GreeterRouter>("example.nobody");
    await expect(missing.welcomeMessage.query("x")).rejects.toMatchObject({
      message: "cannot resolve example.nobody: unknown name: example.nobody",
      data: { code: "SERVICE_UNAVAILABLE", resolution: { service: "example.nobody", cause: "NOT_FOUND" } },
    });
  });
});
