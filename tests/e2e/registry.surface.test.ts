import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir, startApp, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

describe("the registry's name-server surface, over real HTTP", () => {
  let system: RunningSystem;
  let switchboard: Switchboard;

  beforeAll(async () => {
    system = await startSystem();
    switchboard = system.switchboard();
  });
  afterAll(() => system.stopAll());

  it("lists itself as switchboard.registry, reachable by name, and never removes that entry", async () => {
    expect((await switchboard.registry.lookup.query({ name: "switchboard.registry" })).instances).toEqual([
      expect.objectContaining({ url: system.registryUrl, tags: ["switchboard:registry"] }),
    ]);
    expect(await switchboard.connect("switchboard.registry").ping.query()).toBe("pong");
    await switchboard.registry.remove.mutate({ prefix: "" });
    expect((await switchboard.registry.list.query()).map((entry) => entry.name)).toEqual(["switchboard.registry"]);
  });

  it("answers bad filters with one readable BAD_REQUEST sentence", async () => {
    const get = async (path: string, input: unknown) => {
      const response = await fetch(
        `${system.registryUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
      );
      return {
        status: response.status,
        body: (await response.json()) as { error: { message: string; data: { code: string } } },
      };
    };
    const twoFilters = await get("list", { prefix: "a", regex: "b" });
    expect(twoFilters.status).toBe(400);
    expect(twoFilters.body.error.message).toBe("list takes one filter at a time: prefix, regex, tagsAll or tagsAny");
    const badPattern = await get("list", { regex: "(" });
    expect(badPattern.body.error).toMatchObject({
      data: { code: "BAD_REQUEST" },
      message: expect.stringMatching(/^invalid regex: /) as unknown,
    });
    const stringForTags = await get("list", { tagsAll: "shop" });
    expect(stringForTags.body.error.data.code).toBe("BAD_REQUEST");
  });

  it("safe registration over the wire: CONFLICT naming the name", async () => {
    await switchboard.registry.register.mutate({ name: "test.safe", url: "http://127.0.0.1:9" });
    await expect(
      switchboard.registry.register.mutate({ name: "test.safe", url: "http://127.0.0.1:10", safe: true }),
    ).rejects.toMatchObject({
      message: "name already registered: test.safe",
      data: { code: "CONFLICT", httpStatus: 409 },
    });
  });

  it("a service re-registers by itself when the registry restarts with an empty store", async () => {
    const greeter = await system.start("greeter", { GREETER_NAME: "test.selfheal", SWITCHBOARD_LEASE_TTL_MS: "600" });
    const port = new URL(system.registryUrl).port;
    await system.registry.stop("SIGKILL");
    // Same address, but a brand-new data directory: the registry has forgotten everything.
    const amnesiac = await startApp("registry", {
      SWITCHBOARD_DATA_DIR: freshDataDir(),
      REGISTRY_PORT: port,
      REGISTRY_TOKEN: system.registryToken,
    });
    try {
      const reader = createSwitchboard({ registryUrl: system.registryUrl });
      try {
        let instances: Array<{ url: string }> = [];
        for (let attempt = 0; attempt < 60 && instances.length === 0; attempt++) {
          instances = await reader.registry.lookup.query({ name: "test.selfheal" }).then(
            (found) => found.instances,
            () => [],
          );
          if (instances.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(instances).toEqual([expect.objectContaining({ url: greeter.url })]);
        expect(greeter.logs.map((line) => line.msg)).toContain("registry lost our lease; registering again");
      } finally {
        reader.close();
      }
    } finally {
      await amnesiac.stop("SIGKILL");
    }
  });
});
