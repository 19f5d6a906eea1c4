import { clientMetricsText } from "@switchboard/api/client";

// Read at every scrape, never cached or prerendered.
export const dynamic = "force-dynamic";

/**
 * This server process as Prometheus sees every Switchboard process (docs/observability.md): its calls to the services
 * (`switchboard_client_*`: by service, procedure and outcome, durations, failovers, lookups) and its own CPU, memory
 * and event loop.
 */
export async function GET(): Promise<Response> {
  const { contentType, text } = await clientMetricsText();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
