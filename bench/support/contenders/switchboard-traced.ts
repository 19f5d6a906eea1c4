import { switchboardByName } from "./switchboard-by-name.ts";

/**
 * The default transport against a greeter that traces every call and exports the spans over OTLP/HTTP to a receiver
 * of its own (bench/support/otlp-sink.ts, which only counts them): what tracing costs per call in the service.
 */
export const switchboardTraced = switchboardByName({
  key: "switchboardTraced",
  label: "Switchboard, TCP, service tracing on",
  transport: "tcp",
  ownGreeter: {
    name: "bench.greeter.traced",
    env: async ({ startServer }) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await startServer("bench/support/otlp-sink.ts")}`,
    }),
  },
});
