import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeTraceFields, inSpan } from "@switchboard/core/server";
import { startTracing, type Tracing } from "@switchboard/service";
import type { ShopRouter } from "@switchboard/api";
import { startOtlpReceiver, type ReceivedSpan } from "../../scripts/lib/otlp-receiver.ts";
import { startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";

const serverKind = 2;
const clientKind = 3;

describe("one trace across processes: caller → shop → its database", () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let system: RunningSystem;
  let shop: RunningApp;
  let tracing: Tracing | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint };
    system = await startSystem(otel);
    shop = await system.start("shop");
    // This process plays the web app's server: it traces, and calls the shop by name.
    tracing = startTracing("web", otel);
  });
  afterAll(async () => {
    await system?.stopAll();
    await tracing?.shutdown();
    await receiver?.close();
  });

  /** The spans of one trace, once the shop's exporter has sent them. */
  async function spansOf(traceId: string, atLeast: (spans: ReceivedSpan[]) => boolean) {
    await tracing?.flush();
    await expect
      .poll(() => atLeast(receiver.spans.filter((span) => span.traceId === traceId)), { timeout: 15_000 })
      .toBe(true);
    return receiver.spans.filter((span) => span.traceId === traceId);
  }

  it("joins the caller's span, the shop's server span and its statements, over every transport, and the shop's log lines", async () => {
    // The request the web app would be serving: the root of the trace.
    const root = await inSpan("POST /shop (web)", {}, async () => {
      for (const transport of ["tcp", "ws", "http"] as const) {
        const shopClient = system.switchboard({ transport }).connect<ShopRouter>("example.shop.Shop");
        const { session } = await shopClient.signUp.mutate({
          name: `trace-${transport}`,
          password: "trace-demo-password",
        });
        await shopClient.deposit.mutate({ session, amountCents: 5_000, idempotencyKey: crypto.randomUUID() });
      }
      return activeTraceFields();
    });
    const traceId = root?.trace_id ?? "";
    expect(traceId).toMatch(/^[\da-f]{32}$/);

    const spans = await spansOf(
      traceId,
      (found) => found.filter((span) => span.name.endsWith("ledger.apply")).length >= 3,
    );
    const deposits = spans.filter((span) => span.name === "example.shop.Shop/deposit");
    const clients = deposits.filter((span) => span.kind === clientKind && span.service === "web");
    const servers = deposits.filter((span) => span.kind === serverKind && span.service === "example.shop.Shop");
    expect(clients.map((span) => span.attributes["switchboard.transport"]).sort()).toEqual(["http", "tcp", "ws"]);
    expect(servers).toHaveLength(3);
    for (const client of clients) {
      expect(client.parentSpanId).toBe(root?.span_id);
      expect(client.attributes).toMatchObject({
        "rpc.system": "trpc",
        "rpc.method": "deposit",
        "switchboard.attempts": 1,
      });
      expect(String(client.attributes["server.address"])).toBe(shop.url);
      // The shop continued the caller's span: its server span is the client span's child.
      const server = servers.find((span) => span.parentSpanId === client.spanId);
      expect(server?.attributes).toMatchObject({
        "rpc.service": "example.shop.Shop",
        "rpc.response.code": "OK",
        "url.full": shop.url,
      });
      // …and the database statements it ran are the server span's children.
      const statements = spans.filter((span) => span.parentSpanId === server?.spanId).map((span) => span.name);
      expect(statements).toEqual(expect.arrayContaining(["sqlite ledger.apply"]));
      expect(
        spans.find((span) => span.name === "sqlite ledger.apply" && span.parentSpanId === server?.spanId)?.attributes,
      ).toMatchObject({
        "db.system.name": "sqlite",
        "db.operation.name": "ledger.apply",
      });
    }
    // Every line the shop logged about these calls carries the trace id.
    const signups = shop.logs.filter((line) => line.msg === "signup" && String(line.account).startsWith("trace-"));
    expect(signups).toHaveLength(3);
    for (const line of signups) expect(line.trace_id).toBe(traceId);
  });

  it("continues a trace sent as a traceparent header by any HTTP client, for each call of a batch", async () => {
    const traceId = crypto.randomUUID().replaceAll("-", "");
    const parentSpanId = traceId.slice(0, 16);
    const response = await fetch(`${shop.url}/trpc/name,name?batch=1`, {
      method: "POST",
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    expect(response.status).toBe(200);
    const spans = await spansOf(traceId, (found) => found.length >= 2);
    expect(spans.map((span) => [span.name, span.kind, span.parentSpanId])).toEqual([
      ["example.shop.Shop/name", serverKind, parentSpanId],
      ["example.shop.Shop/name", serverKind, parentSpanId],
    ]);
  });

  it("marks a refused call as an error on both sides, with tRPC's code", async () => {
    const root = await inSpan("refused", {}, async () => {
      const shopClient = system.switchboard().connect<ShopRouter>("example.shop.Shop");
      await expect(shopClient.balance.query({ session: "no-such-session" })).rejects.toMatchObject({
        data: { code: "UNAUTHORIZED" },
      });
      return activeTraceFields();
    });
    const traceId = root?.trace_id ?? "";
    const spans = await spansOf(
      traceId,
      (found) => found.filter((span) => span.name === "example.shop.Shop/balance").length >= 2,
    );
    for (const span of spans.filter((candidate) => candidate.name === "example.shop.Shop/balance")) {
      expect(span.attributes["rpc.response.code"]).toBe("UNAUTHORIZED");
      expect(span.status.code).toBe(2); // ERROR
    }
  });
});
