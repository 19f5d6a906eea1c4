import type { Registry } from "prom-client";
import { FastCounter, FastGauge } from "../shared/metrics/series.ts";
import type { RegistryEventKind, RegistryEventLog } from "./events.ts";
import type { RegistryStore } from "./store.ts";

export interface RegistryMetricsOptions {
  store: RegistryStore;
  events: RegistryEventLog;
  now: () => number;
}

/**
 * What only the registry knows, recorded into `registry` (the one its `/metrics` serves): directory changes by kind
 * — `expired` is a lease running out — and the live instances and names at scrape time. Lookups, registrations,
 * heartbeats and watch streams are calls to its procedures, in `switchboard_server_*` already. Returns a function
 * that stops following the event log.
 */
export function recordRegistryMetrics(registry: Registry, options: RegistryMetricsOptions): () => void {
  const events = new FastCounter(
    registry,
    "switchboard_registry_events_total",
    "Directory changes this registry saw, by kind",
    ["kind"],
  );
  const counters = new Map<RegistryEventKind, { value: number }>();
  let live: { names: number; instances: number } | undefined;
  const liveNow = async () => {
    const instances = await options.store.listByPrefix("", options.now());
    live = { names: new Set(instances.map((instance) => instance.name)).size, instances: instances.length };
  };
  const instancesGauge = new FastGauge(registry, "switchboard_registry_instances", "Live instances now", []);
  const namesGauge = new FastGauge(registry, "switchboard_registry_names", "Live names now", []);
  // One listing per scrape serves both gauges.
  instancesGauge.onCollect(async () => {
    await liveNow();
    instancesGauge.series().value = live?.instances ?? 0;
  });
  namesGauge.onCollect(() => {
    namesGauge.series().value = live?.names ?? 0;
  });

  const stopped = new AbortController();
  void (async () => {
    for await (const event of options.events.follow({}, undefined, stopped.signal)) {
      if (event.kind === "reset") continue;
      let counter = counters.get(event.kind);
      if (!counter) counters.set(event.kind, (counter = events.series(event.kind)));
      counter.value++;
    }
  })();
  return () => stopped.abort();
}
