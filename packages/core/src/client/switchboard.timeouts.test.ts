import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { z } from "zod";
import { silentLogger } from "../shared/logger.ts";
import { initService } from "../trpc.ts";
import { announce } from "./announce.ts";
import { connect, connectUrl, createSwitchboard } from "./switchboard.ts";
import { createWebSocketTransport } from "./ws-transport.ts";

const t = initService<object>();
const _router = t.router({ ping: t.procedure.input(z.string()).query(({ input }) => input) });

/** A server that accepts connections and never says a word: a hung registry, a frozen process. */
function blackHole(): Promise<{ url: string; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    }),
  );
}

describe("a call's timeout bounds the whole call: resolving, connecting, answering", () => {
  let hung: { url: string; close(): void };
  beforeAll(async () => {
    hung = await blackHole();
  });
  afterAll(() => hung.close());

  it("times out a first call whose registry never answers", async () => {
    const switchboard = createSwitchboard({ registryUrl: hung.url, log: silentLogger });
    try {
      const client = switchboard.connect<typeof _router>("acme.anything", { timeoutMs: 150 });
      const started = performance.now();
      await expect(client.ping.query("x")).rejects.toMatchObject({ data: { code: "TIMEOUT" } });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      switchboard.close();
    }
  });

  it("times out a call whose WebSocket never opens", async () => {
    const client = connectUrl<typeof _router>(hung.url, { timeoutMs: 150 });
    await expect(client.ping.query("x")).rejects.toMatchObject({ data: { code: "TIMEOUT" } });
  });

  it("bounds registry requests by default, so a hung registry fails a lookup instead of hanging it", async () => {
    const switchboard = createSwitchboard({ registryUrl: hung.url, registryTimeoutMs: 150, log: silentLogger });
    try {
      await expect(switchboard.registry.ping.query()).rejects.toMatchObject({ data: { code: "TIMEOUT" } });
    } finally {
      switchboard.close();
    }
  });

  it("bounds each registration attempt by a third of the lease, so a hung registry is asked again, not waited on", async () => {
    let connections = 0;
    const counting = net.createServer(() => connections++);
    await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
    const switchboard = createSwitchboard({
      registryUrl: `http://127.0.0.1:${(counting.address() as net.AddressInfo).port}`,
      log: silentLogger,
    });
    try {
      const announcement = announce({
        registry: switchboard.registry,
        name: "acme.x",
        url: "http://127.0.0.1:1",
        ttlMs: 300,
        retryMs: 50,
      });
      await expect.poll(() => connections, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
      const stopping = performance.now();
      await announcement.stop();
      expect(performance.now() - stopping).toBeLessThan(1_000);
    } finally {
      switchboard.close();
      counting.close();
    }
  });
});

describe("announce", () => {
  it("removes a registration that was still being made when stop() was called", async () => {
    const deregistered: string[] = [];
    let finishRegistering: (lease: { leaseId: string; ttlMs: number }) => void = () => undefined;
    const registry = {
      register: { mutate: () => new Promise((resolve) => (finishRegistering = resolve)) },
      heartbeat: { mutate: () => Promise.resolve({}) },
      deregister: {
        mutate: ({ leaseId }: { leaseId: string }) => {
          deregistered.push(leaseId);
          return Promise.resolve({ removed: true });
        },
      },
    };
    const announcement = announce({ registry: registry as never, name: "acme.x", url: "http://127.0.0.1:1" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stopped = announcement.stop();
    finishRegistering({ leaseId: "lease-1", ttlMs: 10_000 });
    await stopped;
    expect(deregistered).toEqual(["lease-1"]);
  });
});

describe("resolution failures have their own shape", () => {
  it("says SERVICE_UNAVAILABLE with the name and the cause when the registry cannot be reached", async () => {
    const switchboard = createSwitchboard({ registryUrl: "http://127.0.0.1:1", log: silentLogger });
    try {
      const failure = await switchboard
        .connect<typeof _router>("acme.gone")
        .ping.query("x")
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({
        message: expect.stringMatching(/^cannot resolve acme\.gone: /) as unknown,
        data: { code: "SERVICE_UNAVAILABLE", resolution: { service: "acme.gone", cause: "UNREACHABLE" } },
      });
    } finally {
      switchboard.close();
    }
  });
});

describe("connect() shares a switchboard, not the per-client options", () => {
  it("gives a later client its own timeout on the same registry", async () => {
    const hung = await blackHole();
    try {
      const patient = connect<typeof _router>("acme.shared", { registryUrl: hung.url, log: silentLogger });
      const hasty = connect<typeof _router>("acme.shared", { registryUrl: hung.url, log: silentLogger, timeoutMs: 100 });
      const pending = patient.ping.query("x", { signal: AbortSignal.timeout(600) }).catch(() => undefined);
      await expect(hasty.ping.query("x")).rejects.toMatchObject({ data: { code: "TIMEOUT" } });
      await pending;
    } finally {
      hung.close();
    }
  });
});

describe("the WebSocket keep-alive", () => {
  it("ends a connection whose pongs stop, failing its calls instead of hanging them", async () => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: false });
    await new Promise((resolve) => wss.once("listening", resolve));
    const { port } = wss.address() as net.AddressInfo;
    try {
      const transport = createWebSocketTransport({ keepAliveMs: 100 });
      const started = performance.now();
      await expect(
        transport.request(`http://127.0.0.1:${port}`, { type: "query", path: "ping", input: "x" }),
      ).rejects.toThrow(/closed/);
      expect(performance.now() - started).toBeLessThan(2_000);
      transport.close();
    } finally {
      wss.close();
    }
  });
});
