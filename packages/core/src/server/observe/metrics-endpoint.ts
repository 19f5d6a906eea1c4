import type { Registry } from "prom-client";
import { loadPromClient } from "../../shared/metrics/registry.ts";

let processRegistry: Promise<Registry> | undefined;

/** prom-client's process metrics (CPU, memory, event-loop lag, GC), collected once per process however many servers. */
function processMetrics(): Promise<Registry> {
  processRegistry ??= loadPromClient().then(({ collectDefaultMetrics, Registry: PromRegistry }) => {
    const registry = new PromRegistry();
    collectDefaultMetrics({ register: registry });
    return registry;
  });
  return processRegistry;
}

/**
 * The text of `GET /metrics`: the server's registry, with the process's metrics unless that registry already has
 * them (prom-client's global `register` after `collectDefaultMetrics()`).
 */
export async function metricsText(registry: Registry): Promise<string> {
  const { Registry: PromRegistry } = await loadPromClient();
  const hasProcessMetrics = registry.getSingleMetric("process_cpu_user_seconds_total") !== undefined;
  return (hasProcessMetrics ? registry : PromRegistry.merge([await processMetrics(), registry])).metrics();
}
