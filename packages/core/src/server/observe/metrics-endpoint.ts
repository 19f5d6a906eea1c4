import { collectDefaultMetrics, Registry } from "prom-client";

let processRegistry: Registry | undefined;

/** prom-client's process metrics (CPU, memory, event-loop lag, GC), collected once per process however many servers. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The text of `GET /metrics`: the server's registry, with the process's metrics unless that registry already has
 * them (prom-client's global `register` after `collectDefaultMetrics()`).
 */
export function metricsText(registry: Registry): Promise<string> {
  const hasProcessMetrics = registry.getSingleMetric("process_cpu_user_seconds_total") !== undefined;
  return (hasProcessMetrics ? registry : Registry.merge([processMetrics(), registry])).metrics();
}
