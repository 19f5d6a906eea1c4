import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type ReceivedSpan } from "../../scripts/lib/otlp-receiver.ts";
import { freePort, startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";
import { buildWeb, startWeb, type RunningWeb } from "../../scripts/lib/web.ts";

const serverKind = 2;
const clientKind = 3;

// The web app's production build as a real process, tracing to a real OTLP receiver, with the shop and the registry.
describe("the web app's server: one trace web → shop → database, and its own /metrics", () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let system: RunningSystem;
  let shop: RunningApp;
  let web: RunningWeb;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint };
    system = await startSystem(otel);
    shop = await system.start("shop");
    await buildWeb();
    web = await startWeb(await freePort(), { SWITCHBOARD_REGISTRY_URL: system.registryUrl, ...otel });
  }, 240_000);
  afterAll(async () => {
    await web?.stop();
    await system?.stopAll();
    await receiver?.close();
  });

  /** A mutation through the web app's own tRPC endpoint, as its pages send it (same origin). */
  const mutate = (path: string, input: unknown, cookie = "") =>
    fetch(`${web.url}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: web.url, cookie },
      body: JSON.stringify(input),
    });

  it("traces a deposit from the web server's call to the shop's statement", async () => {
    const signedUp = await mutate("shop.signUp", { name: "web-trace", password: "web-trace-password" });
    expect(signedUp.status).toBe(200);
    const cookie = (signedUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const deposited = await mutate("shop.deposit", { amountCents: 2_500, idempotencyKey: crypto.randomUUID() }, cookie);
    expect(deposited.status).toBe(200);

    const isWebDeposit = (span: ReceivedSpan) =>
      span.service === "web" && span.kind === clientKind && span.name === "example.shop.Shop/deposit";
    await expect.poll(() => receiver.spans.some(isWebDeposit), { timeout: 20_000 }).toBe(true);
    const client = receiver.spans.find(isWebDeposit) as ReceivedSpan;
    expect(client.attributes["server.address"]).toBe(shop.url);
    const findServer = () =>
      receiver.spans.find((span) => span.service === "example.shop.Shop" && span.parentSpanId === client.spanId);
    await expect.poll(() => findServer()?.kind, { timeout: 20_000 }).toBe(serverKind);
    const server = findServer() as ReceivedSpan;
    expect(server).toMatchObject({ traceId: client.traceId, name: "example.shop.Shop/deposit" });
    const statement = receiver.spans.find((span) => span.parentSpanId === server.spanId);
    expect(statement).toMatchObject({ traceId: client.traceId, name: "sqlite ledger.apply", kind: clientKind });
  });

  it("serves its own /metrics: its calls to the services and its process", async () => {
    const response = await fetch(`${web.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(
      /^switchboard_client_calls_total\{service="example\.shop\.Shop",procedure="deposit",code="OK"\} [1-9]/m,
    );
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
  });
});
