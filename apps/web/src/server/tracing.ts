import { startTracing } from "@switchboard/service";
import { loadWebEnv } from "./env.ts";

/**
 * Tracing for this server process, named `web` (or OTEL_SERVICE_NAME); nothing when no endpoint is configured. Spans
 * are sent every second; no signal handler is added (it would change how Next stops), so the last second's may be
 * lost when the server stops.
 */
export function startWebTracing(): void {
  startTracing("web", loadWebEnv());
}
