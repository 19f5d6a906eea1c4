/**
 * Next runs this once when the server starts. With OTEL_EXPORTER_OTLP_ENDPOINT set, the server's calls to the services
 * become client spans, continued by the services themselves: one trace from a page's request to the shop's database.
 */
export async function register(): Promise<void> {
  // Next replaces NEXT_RUNTIME when it builds each runtime: in this form the edge build drops the Node-only SDK.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startWebTracing } = await import("./server/tracing.ts");
    startWebTracing();
  }
}
