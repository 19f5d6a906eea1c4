import type { Socket } from "node:net";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { CombinedDataTransformer } from "@trpc/server";
import {
  createDirectClient,
  createHttpTransport,
  createSender,
  createSubscriber,
  createWebSocketTransport,
  type CallTarget,
} from "@switchboard/core/client";
import { activeTraceFields, initService, inSpan, serveRouter, type ServingRouter } from "@switchboard/core/server";
import { startTracing, type Tracing } from "@switchboard/service";
import { freePort } from "../../scripts/lib/processes.ts";
import { startOtlpReceiver } from "../../scripts/lib/otlp-receiver.ts";

const applied: string[] = [];
let dropAfterApplying: (() => void) | undefined;
const t = initService<object>();
const router = t.router({
  /** Declared safe to repeat: the caller may send it to another instance after a dropped connection. */
  stamp: t.procedure
    .meta({ idempotent: true })
    .input(z.string())
    .mutation(async ({ input }) => {
      applied.push(input);
      dropAfterApplying?.();
      await new Promise((resolve) => setTimeout(resolve, 30));
      return applied.length;
    }),
  /** A short stream: three values, then the end. */
  ticks: t.procedure.subscription(async function* () {
    for (let tick = 0; tick < 3; tick++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      yield tick;
    }
  }),
});

/** The instances of one name, the first first: a failed one is dropped, as the name resolver does. */
function instancesOf(urls: string[]): CallTarget {
  const live = [...urls];
  return {
    description: "acme.stamps",
    pick: () => Promise.resolve(live[0] ?? urls[urls.length - 1] ?? ""),
    failed: (url) => void (live.includes(url) && live.splice(live.indexOf(url), 1)),
  };
}

const identity = { serialize: (value: unknown) => value, deserialize: (value: unknown) => value };
const noTransformer: CombinedDataTransformer = { input: identity, output: identity };

function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split("\n")
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => candidate.includes(`${k}="${v}"`)),
    );
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("what a caller records of failovers and retries: metrics and its span", () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let tracing: Tracing | undefined;
  let flaky: ServingRouter;
  let steady: ServingRouter;
  let undescribed: ServingRouter;
  const flakySockets: Socket[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = startTracing("caller", { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    const serveOne = (describe = true) =>
      serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0, describe });
    [flaky, steady, undescribed] = await Promise.all([serveOne(), serveOne(), serveOne(false)]);
    flaky.server.on("connection", (socket: Socket) => flakySockets.push(socket));
  });
  afterAll(async () => {
    await Promise.all([flaky, steady, undescribed].map((serving) => serving?.close({ drainMs: 0 })));
    await tracing?.shutdown();
    await receiver?.close();
  });

  const clientOf = (urls: string[], metrics: Registry) => {
    const target = instancesOf(urls);
    const transport = createWebSocketTransport();
    return createDirectClient<typeof router>(
      createSender({ target, transport, metrics, transportName: "ws" }),
      createSubscriber({ target, transport, transformer: noTransformer }),
    );
  };
  const dropMidCall = () => {
    dropAfterApplying = () => {
      dropAfterApplying = undefined;
      for (const socket of flakySockets.splice(0)) socket.destroy();
    };
  };

  it("counts a retry and a failover, and the span names both attempts", async () => {
    const metrics = new Registry();
    const client = clientOf([flaky.url, steady.url], metrics);
    applied.length = 0;
    dropMidCall();
    const ids = await inSpan("retried", {}, async () => {
      expect(await client.stamp.mutate("again")).toBe(2); // run on both: it was declared safe to repeat
      return activeTraceFields();
    });
    const text = await metrics.metrics();
    expect(sample(text, "switchboard_client_failovers_total", { service: "acme.stamps" })).toBe(1);
    expect(sample(text, "switchboard_client_retries_total", { service: "acme.stamps" })).toBe(1);
    expect(
      sample(text, "switchboard_client_calls_total", { service: "acme.stamps", procedure: "stamp", code: "OK" }),
    ).toBe(1);

    await tracing?.flush();
    await expect.poll(() => receiver.spans.some((candidate) => candidate.traceId === ids?.trace_id)).toBe(true);
    const span = receiver.spans.find((candidate) => candidate.traceId === ids?.trace_id && candidate.kind === 3);
    expect(span).toMatchObject({ name: "acme.stamps/stamp" });
    // The instance it moved away from, and that the request may have reached it (so only a safe call goes on).
    expect(span?.events).toEqual([
      expect.objectContaining({
        name: "switchboard.failover",
        attributes: expect.objectContaining({ "url.full": flaky.url, "switchboard.sent": true }) as unknown,
      }),
    ]);
    expect(span?.attributes).toMatchObject({
      "switchboard.attempts": 2,
      "server.address": steady.url,
      "switchboard.transport": "ws",
    });
  });

  it("counts a failover without a retry when the first instance refused the connection", async () => {
    const metrics = new Registry();
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const client = clientOf([nobody, steady.url], metrics);
    expect(await client.stamp.mutate("moved")).toBeGreaterThan(0);
    const text = await metrics.metrics();
    expect(sample(text, "switchboard_client_failovers_total", {})).toBe(1);
    expect(sample(text, "switchboard_client_retries_total", {})).toBe(0);
  });

  for (const transport of ["ws", "http"] as const) {
    it(`continues the subscriber's trace in a server span for the whole stream (${transport})`, async () => {
      const target = instancesOf([steady.url]);
      const carrier = transport === "ws" ? createWebSocketTransport() : createHttpTransport();
      const client = createDirectClient<typeof router>(
        createSender({ target, transport: carrier }),
        createSubscriber({ target, transport: carrier, transformer: noTransformer }),
      );
      const root = await inSpan("subscribe", {}, async () => {
        const values: unknown[] = [];
        await new Promise<void>((resolve, reject) =>
          client.ticks.subscribe(undefined, {
            onData: (value) => values.push(value),
            onComplete: resolve,
            onError: reject,
          }),
        );
        expect(values).toEqual([0, 1, 2]);
        return activeTraceFields();
      });
      await tracing?.flush();
      const span = receiver.spans.find((candidate) => candidate.traceId === root?.trace_id && candidate.kind === 2);
      expect(span).toMatchObject({ name: "service/ticks", parentSpanId: root?.span_id });
      expect(span?.attributes).toMatchObject({
        "switchboard.subscription": true,
        "switchboard.transport": transport === "ws" ? "ws" : "sse",
      });
      carrier.close();
    });
  }

  it("does not repeat a mutation on an instance served with describe: false, as for any service without /describe", async () => {
    const metrics = new Registry();
    const client = clientOf([flaky.url, undescribed.url], metrics);
    applied.length = 0;
    dropMidCall();
    await expect(client.stamp.mutate("once")).rejects.toThrow(/stamp on .* failed/);
    expect(applied).toEqual(["once"]);
    const text = await metrics.metrics();
    expect(sample(text, "switchboard_client_retries_total", {})).toBe(0);
    expect(sample(text, "switchboard_client_calls_total", { procedure: "stamp", code: "UNREACHABLE" })).toBe(1);
  });
});
