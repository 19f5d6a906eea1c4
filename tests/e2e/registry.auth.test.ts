import { createSwitchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

describe("registry auth, over real HTTP", () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.stopAll());

  const register = (token?: string) =>
    fetch(`${system.registryUrl}/trpc/register`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ name: "test.auth", url: "http://127.0.0.1:9" }),
    });

  it("refuses a write without a token or with a wrong one: 401 UNAUTHORIZED, nothing registered", async () => {
    for (const token of [undefined, "wrong-token-wrong-token", `${system.registryToken}x`]) {
      const response = await register(token);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        error: {
          message: "registry writes need a valid bearer token (REGISTRY_TOKEN)",
          data: { code: "UNAUTHORIZED" },
        },
      });
    }
    const reader = createSwitchboard({ registryUrl: system.registryUrl });
    try {
      await expect(reader.registry.lookup.query({ name: "test.auth" })).rejects.toMatchObject({
        data: { code: "NOT_FOUND" },
      });
      await expect(
        reader.registry.register.mutate({ name: "test.auth", url: "http://127.0.0.1:9" }),
      ).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
    } finally {
      reader.close();
    }
  });

  it("accepts the write with the right token; reads stay open without one", async () => {
    expect((await register(system.registryToken)).status).toBe(200);
    const reader = createSwitchboard({ registryUrl: system.registryUrl });
    try {
      expect((await reader.registry.lookup.query({ name: "test.auth" })).instances).toHaveLength(1);
    } finally {
      reader.close();
    }
  });

  it("lets services started with the token register themselves", async () => {
    await system.start("greeter");
    const reader = createSwitchboard({ registryUrl: system.registryUrl });
    try {
      expect(await reader.connect("example.greeter").welcomeMessage.query("Ann")).toBe("Hi welcome Ann");
    } finally {
      reader.close();
    }
  });

  it("logs neither the token nor the authorization header", () => {
    expect(JSON.stringify(system.registry.logs)).not.toContain(system.registryToken);
  });
});

describe("a registry without a token", () => {
  it("warns on loopback, and shouts when it listens beyond it", async () => {
    const { freshDataDir, startApp } = await import("../../scripts/lib/processes.ts");
    const local = await startApp("registry", { SWITCHBOARD_DATA_DIR: freshDataDir(), REGISTRY_TOKEN: "" });
    const exposed = await startApp("registry", {
      SWITCHBOARD_DATA_DIR: freshDataDir(),
      REGISTRY_TOKEN: "",
      REGISTRY_HOST: "0.0.0.0",
    });
    try {
      expect(local.logs).toContainEqual(
        expect.objectContaining({ level: 40, msg: expect.stringContaining("REGISTRY_TOKEN is not set") as unknown }),
      );
      expect(exposed.logs).toContainEqual(
        expect.objectContaining({
          level: 50,
          msg: expect.stringContaining("ANYONE WHO CAN REACH THIS HOST") as unknown,
        }),
      );
    } finally {
      await local.stop("SIGKILL");
      await exposed.stop("SIGKILL");
    }
  });
});

describe("per-service write rights (REGISTRY_NAME_TOKENS), over real HTTP", () => {
  const greeterToken = "greeter-only-token-0123456789";
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({ REGISTRY_NAME_TOKENS: `example.greeter=${greeterToken}` });
  });
  afterAll(() => system.stopAll());

  it("lets a service register under its own name with its own token, and not under the shop's", async () => {
    // The greeter process itself, given only its own token: it registers and is found.
    await system.start("greeter", { REGISTRY_TOKEN: greeterToken });
    const reader = createSwitchboard({ registryUrl: system.registryUrl });
    const greeterClient = createSwitchboard({ registryUrl: system.registryUrl, registryToken: greeterToken });
    try {
      expect((await reader.registry.lookup.query({ name: "example.greeter" })).instances).toHaveLength(1);
      await expect(
        greeterClient.registry.register.mutate({ name: "example.shop.Shop", url: "http://127.0.0.1:66" }),
      ).rejects.toMatchObject({
        message: "this token may not write the name example.shop.Shop",
        data: { code: "FORBIDDEN" },
      });
      await expect(reader.registry.lookup.query({ name: "example.shop.Shop" })).rejects.toMatchObject({
        data: { code: "NOT_FOUND" },
      });
    } finally {
      reader.close();
      greeterClient.close();
    }
  });
});
