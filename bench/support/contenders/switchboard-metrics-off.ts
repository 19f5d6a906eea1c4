import { switchboardByName } from "./switchboard-by-name.ts";

/** The default transport against a greeter that records no metrics: what the metrics cost per call. */
export const switchboardMetricsOff = switchboardByName({
  key: "switchboardMetricsOff",
  label: "Switchboard, TCP, service metrics off",
  transport: "tcp",
  ownGreeter: { name: "bench.greeter.metrics-off", env: () => Promise.resolve({ SWITCHBOARD_METRICS: "off" }) },
});
