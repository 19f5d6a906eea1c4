import { createSwitchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
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

// Every write on every path: single HTTP calls, batches and WebSocket messages, without a token or with a wrong one.
describe("registry writes refused without the token, on every path", () => {
  let system: RunningSystem;
  const writes: Array<[string, unknown]> = [
    ["register", { name: "auth.target", url: "http://127.0.0.1:77" }],
    ["heartbeat", { leaseId: "lease" }],
    ["deregister", { leaseId: "lease" }],
    ["setMetadata", { name: "auth.target", tags: ["taken"] }],
    ["remove", { prefix: "" }],
  ];
  const refusal = {
    message: "registry writes need a valid bearer token (REGISTRY_TOKEN)",
    data: { code: "UNAUTHORIZED", httpStatus: 401 },
  };
  const credentials: Array<Record<string, string>> = [
    {},
    { authorization: "Bearer wrong-token-wrong-token" },
    { authorization: "Basic abc" },
  ];
  let leaseId: string;

  const listed = async () => {
    const response = await fetch(`${system.registryUrl}/trpc/list`);
    const { result } = (await response.json()) as { result: { data: unknown } };
    return result.data;
  };

  beforeAll(async () => {
    system = await startSystem();
    ({ leaseId } = await system
      .switchboard()
      .registry.register.mutate({ name: "auth.target", url: "http://127.0.0.1:9", tags: ["mine"], ttlMs: 60_000 }));
  });
  afterAll(() => system.stopAll());

  it("over HTTP, one call at a time: 401 UNAUTHORIZED, nothing changed", async () => {
    const before = await listed();
    for (const headers of credentials) {
      for (const [path, input] of [...writes, ["heartbeat", { leaseId }], ["deregister", { leaseId }]] as const) {
        const response = await fetch(`${system.registryUrl}/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(input),
        });
        expect(response.status, path).toBe(401);
        expect(((await response.json()) as { error: unknown }).error, path).toMatchObject(refusal);
      }
    }
    expect(await listed()).toEqual(before);
  });

  it("in a batch, beside reads that still answer: each write refused on its own", async () => {
    const before = await listed();
    const paths = [...writes.map(([path]) => path), "ping"];
    const body = Object.fromEntries([...writes.map(([, input]) => input), null].map((input, index) => [index, input]));
    const response = await fetch(`${system.registryUrl}/trpc/${paths.join(",")}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer wrong-token-wrong-token" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(207);
    const replies = (await response.json()) as Array<{ error?: unknown; result?: { data: unknown } }>;
    for (const [index, [path]] of writes.entries()) expect(replies[index]?.error, path).toMatchObject(refusal);
    expect(replies.at(-1)?.result?.data).toBe("pong");
    expect(await listed()).toEqual(before);
  });

  it("over WebSocket, with the token missing or wrong on the upgrade: every write refused, the connection lives on", async () => {
    const before = await listed();
    for (const headers of credentials) {
      const socket = new WebSocket(`${system.registryUrl.replace(/^http/, "ws")}/trpc`, { headers });
      await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
      const replies = new Map<unknown, { error?: unknown; result?: unknown }>();
      const all = new Promise<void>((resolve) =>
        socket.on("message", (data: WebSocket.RawData) => {
          const reply = JSON.parse((data as Buffer).toString("utf8")) as {
            id: unknown;
            error?: unknown;
            result?: unknown;
          };
          replies.set(reply.id, reply);
          if (replies.size === writes.length + 1) resolve();
        }),
      );
      writes.forEach(([path, input], id) =>
        socket.send(JSON.stringify({ id, jsonrpc: "2.0", method: "mutation", params: { path, input } })),
      );
      socket.send(JSON.stringify({ id: "ping", method: "query", params: { path: "ping" } }));
      await all;
      socket.close();
      for (const [id, [path]] of writes.entries()) expect(replies.get(id)?.error, path).toMatchObject(refusal);
      expect(replies.get("ping")?.result).toEqual({ type: "data", data: "pong" });
    }
    expect(await listed()).toEqual(before);
  });

  it("renews or drops a lease only with its own lease id", async () => {
    const registry = system.switchboard().registry;
    const [instance] = (await registry.lookup.query({ name: "auth.target" })).instances;
    // The lease id is the instance's secret: no read shows it.
    expect(instance).not.toHaveProperty("leaseId");
    expect(JSON.stringify(await listed())).not.toContain(leaseId);
    for (const guess of [`${leaseId}x`, leaseId.slice(0, -1), leaseId.toUpperCase(), "0"]) {
      if (guess === leaseId) continue;
      await expect(registry.heartbeat.mutate({ leaseId: guess })).rejects.toMatchObject({
        data: { code: "NOT_FOUND" },
      });
      expect(await registry.deregister.mutate({ leaseId: guess })).toEqual({ removed: false });
    }
    expect((await registry.lookup.query({ name: "auth.target" })).instances).toEqual([
      expect.objectContaining({ url: "http://127.0.0.1:9", tags: ["mine"] }),
    ]);
    expect(await registry.heartbeat.mutate({ leaseId })).toMatchObject({ leaseId });
  });
});

describe("a live name cannot be taken over by a caller who may only read it", () => {
  const otherToken = "other-service-token-0123456789";
  let system: RunningSystem;

  beforeAll(async () => {
    system = await startSystem({ REGISTRY_NAME_TOKENS: `acme.other=${otherToken}` });
    await system.start("greeter");
  });
  afterAll(() => system.stopAll());

  it("refuses re-registering, retagging or removing it, with no token or another service's token", async () => {
    const before = (await system.switchboard().registry.lookup.query({ name: "example.greeter" })).instances;
    const reader = createSwitchboard({ registryUrl: system.registryUrl });
    const other = createSwitchboard({ registryUrl: system.registryUrl, registryToken: otherToken });
    const hijack = { name: "example.greeter", url: "http://127.0.0.1:66" };
    try {
      await expect(reader.registry.register.mutate(hijack)).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
      await expect(reader.registry.register.mutate({ ...hijack, url: before[0]!.url })).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
      await expect(reader.registry.setMetadata.mutate({ name: hijack.name, tags: ["x"] })).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
      await expect(reader.registry.remove.mutate({ name: hijack.name })).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
      for (const url of [hijack.url, before[0]!.url]) {
        await expect(other.registry.register.mutate({ ...hijack, url })).rejects.toMatchObject({
          message: "this token may not write the name example.greeter",
          data: { code: "FORBIDDEN" },
        });
      }
      await expect(other.registry.setMetadata.mutate({ name: hijack.name, tags: ["x"] })).rejects.toMatchObject({
        data: { code: "FORBIDDEN" },
      });
      expect(await other.registry.remove.mutate({ name: hijack.name })).toEqual({ removed: 0 });
      expect(await other.registry.remove.mutate({ prefix: "" })).toEqual({ removed: 0 });
      const after = (await reader.registry.lookup.query({ name: "example.greeter" })).instances;
      expect(after.map(({ url, tags }) => ({ url, tags }))).toEqual(before.map(({ url, tags }) => ({ url, tags })));
      expect(await reader.connect("example.greeter").welcomeMessage.query("Ann")).toBe("Hi welcome Ann");
    } finally {
      reader.close();
      other.close();
    }
  });
});
