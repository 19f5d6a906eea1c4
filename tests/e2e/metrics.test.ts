import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GreeterRouter } from "@switchboard/api";
import { startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";

/** The value of the first sample of `name` whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = text
    .split("\n")
    .find(
      (candidate) =>
        (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
        Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

const scrape = async (url: string) => {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
};

describe("GET /metrics on real processes", () => {
  let system: RunningSystem;
  let greeter: RunningApp;
  beforeAll(async () => {
    system = await startSystem({ REGISTRY_SWEEP_INTERVAL_MS: "100" });
    greeter = await system.start("greeter");
  });
  afterAll(() => system.stopAll());

  it("counts the greeter's welcomeMessage calls as they are made, and the caller's own", async () => {
    const switchboard = system.switchboard();
    const greeterClient = switchboard.connect<GreeterRouter>("example.greeter");
    const before =
      sample(await scrape(greeter.url), "switchboard_server_calls_total", {
        procedure: "welcomeMessage",
        code: "OK",
      }) ?? 0;
    for (let index = 0; index < 25; index++) await greeterClient.welcomeMessage.query("Rashmi");
    const text = await scrape(greeter.url);
    // Whichever transport carried them (the first calls go over HTTP while the socket opens), all 25 are counted.
    const counted = text
      .split("\n")
      .filter(
        (line) =>
          line.startsWith("switchboard_server_calls_total{") &&
          line.includes('procedure="welcomeMessage"') &&
          line.includes('code="OK"'),
      )
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    expect(counted - before).toBe(25);
    expect(sample(text, "switchboard_service_info", { service: "example.greeter" })).toBe(1);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);

    const mine = await switchboard.metrics.metrics();
    expect(
      sample(mine, "switchboard_client_calls_total", {
        service: "example.greeter",
        procedure: "welcomeMessage",
        code: "OK",
      }),
    ).toBeGreaterThanOrEqual(25);
    expect(
      sample(mine, "switchboard_client_resolve_duration_seconds_count", { result: "found" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("shows the registry's lookups, registrations, lease expiries and live instances", async () => {
    const switchboard = system.switchboard();
    await switchboard.registry.register.mutate({ name: "test.brief", url: "http://127.0.0.1:9", ttlMs: 200 });
    await expect
      .poll(
        async () =>
          sample(await scrape(system.registryUrl), "switchboard_registry_events_total", { kind: "expired" }) ?? 0,
        {
          timeout: 5_000,
        },
      )
      .toBeGreaterThanOrEqual(1);
    const text = await scrape(system.registryUrl);
    expect(sample(text, "switchboard_registry_events_total", { kind: "registered" })).toBeGreaterThanOrEqual(2);
    expect(sample(text, "switchboard_registry_instances")).toBe(2); // the registry itself and the greeter
    expect(sample(text, "switchboard_registry_names")).toBe(2);
    expect(sample(text, "switchboard_server_calls_total", { procedure: "lookup", code: "OK" })).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      sample(text, "switchboard_server_calls_total", { procedure: "register", code: "OK" }),
    ).toBeGreaterThanOrEqual(2);
    // The greeter's client and the name cache keep the registry's watch stream open.
    expect(sample(text, "switchboard_server_subscriptions", { procedure: "watch" })).toBeGreaterThanOrEqual(1);
  });
});
