import { TRPCError } from "@trpc/server";
import { Counter, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { connectUrl } from "../client/switchboard.ts";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

const t = initService<object>();
const router = t.router({
  welcomeMessage: t.procedure.input(z.string()).query(({ input }) => `Hi welcome ${input}`),
  refuse: t.procedure.mutation(() => {
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: "insufficient funds" });
  }),
});

/** `name{labels} value` lines of a scrape whose labels include all of `labels`. */
function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("GET /metrics", () => {
  let serving: ServingRouter;
  const own = new Registry();
  const appCounter = new Counter({ name: "acme_widgets_total", help: "widgets", registers: [own] });
  beforeAll(async () => {
    serving = await serveRouter({
      router,
      createContext: () => ({}),
      host: "127.0.0.1",
      port: 0,
      name: "example.greeter",
      metrics: own,
    });
  });
  afterAll(() => serving.close());

  const scrape = async () => {
    const response = await fetch(`${serving.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    return response.text();
  };

  it("counts calls by procedure, transport and outcome, with latencies, sizes and connections", async () => {
    const overWs = connectUrl<typeof router>(serving.url, { transport: "ws" });
    const overHttp = connectUrl<typeof router>(serving.url, { transport: "http" });
    for (let index = 0; index < 5; index++) await overWs.welcomeMessage.query("Rashmi");
    for (let index = 0; index < 3; index++) await overHttp.welcomeMessage.query("Meeta");
    await expect(overHttp.refuse.mutate()).rejects.toMatchObject({ data: { code: "PRECONDITION_FAILED" } });
    // Made-up paths are counted under one label value, so callers cannot grow the label set.
    await fetch(`${serving.url}/trpc/made.up.${Math.random()}`);
    appCounter.inc(7);

    const text = await scrape();
    const calls = "switchboard_server_calls_total";
    expect(sampleValue(text, calls, { procedure: "welcomeMessage", transport: "ws", code: "OK", type: "query" })).toBe(
      5,
    );
    expect(sampleValue(text, calls, { procedure: "welcomeMessage", transport: "http", code: "OK" })).toBe(3);
    expect(sampleValue(text, calls, { procedure: "refuse", transport: "http", code: "PRECONDITION_FAILED" })).toBe(1);
    expect(sampleValue(text, calls, { procedure: "(unknown)", code: "NOT_FOUND" })).toBe(1);
    expect(text).not.toContain("made.up");
    const duration = "switchboard_server_call_duration_seconds";
    expect(sampleValue(text, `${duration}_count`, { procedure: "welcomeMessage", transport: "ws" })).toBe(5);
    expect(sampleValue(text, `${duration}_bucket`, { procedure: "welcomeMessage", transport: "ws", le: "+Inf" })).toBe(
      5,
    );
    expect(sampleValue(text, `${duration}_sum`, { procedure: "welcomeMessage", transport: "ws" })).toBeGreaterThan(0);
    // `"Rashmi"` is 8 bytes of input; the reply `{"result":{"data":"Hi welcome Rashmi"}}` and its ws envelope more.
    expect(
      sampleValue(text, "switchboard_server_request_bytes_sum", { procedure: "welcomeMessage", transport: "http" }),
    ).toBe(3 * 7);
    expect(
      sampleValue(text, "switchboard_server_reply_bytes_count", { procedure: "welcomeMessage", transport: "ws" }),
    ).toBe(5);
    expect(sampleValue(text, "switchboard_server_calls_in_flight", { transport: "ws" })).toBe(0);
    expect(sampleValue(text, "switchboard_server_connections", { transport: "ws" })).toBe(1);
    expect(sampleValue(text, "switchboard_server_connections", { transport: "http" })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(text, "switchboard_service_info", { service: "example.greeter" })).toBe(1);
    // The process's metrics, and the application's own from the registry it passed.
    expect(sampleValue(text, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sampleValue(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sampleValue(text, "acme_widgets_total")).toBe(7);
  });

  it("labels calls over the TCP transport's lines as tcp", async () => {
    const overTcp = connectUrl<typeof router>(serving.url, { transport: "tcp" });
    // The first calls may go over HTTP while the socket opens; later ones take the socket.
    for (let index = 0; index < 20; index++) await overTcp.welcomeMessage.query("Asha");
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let index = 0; index < 5; index++) await overTcp.welcomeMessage.query("Asha");
    const text = await scrape();
    expect(
      sampleValue(text, "switchboard_server_calls_total", { procedure: "welcomeMessage", transport: "tcp" }),
    ).toBeGreaterThanOrEqual(5);
    expect(sampleValue(text, "switchboard_server_connections", { transport: "tcp" })).toBe(1);
  });

  it("counts what is running while it runs", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = t.router({ hold: t.procedure.query(async () => held.then(() => 1)) });
    const server = await serveRouter({ router: slow, createContext: () => ({}), host: "127.0.0.1", port: 0 });
    try {
      const client = connectUrl<typeof slow>(server.url, { transport: "ws" });
      const calls = [client.hold.query(), client.hold.query()];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const during = await (await fetch(`${server.url}/metrics`)).text();
      expect(sampleValue(during, "switchboard_server_calls_in_flight", { transport: "ws" })).toBe(2);
      release();
      await Promise.all(calls);
      const after = await (await fetch(`${server.url}/metrics`)).text();
      expect(sampleValue(after, "switchboard_server_calls_in_flight", { transport: "ws" })).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("serveRouter({ metrics: false })", () => {
  it("serves no /metrics", async () => {
    const serving = await serveRouter({
      router,
      createContext: () => ({}),
      host: "127.0.0.1",
      port: 0,
      metrics: false,
    });
    try {
      expect((await fetch(`${serving.url}/metrics`)).status).toBe(404);
      expect(serving.metrics).toBeUndefined();
    } finally {
      await serving.close();
    }
  });
});
