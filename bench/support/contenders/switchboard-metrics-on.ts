import { switchboardByName } from "./switchboard-by-name.ts";

/**
 * The default transport against a greeter of its own with metrics on (the default), serving nothing else: the
 * baseline the metrics-off and tracing-on greeters are read against, each as alone with its one client. (The bench's
 * shared greeter also serves the WebSocket, HTTP and first-call clients, and measures a little slower for it.)
 */
export const switchboardMetricsOn = switchboardByName({
  key: "switchboardMetricsOn",
  label: "Switchboard, TCP, own greeter (metrics on)",
  transport: "tcp",
  ownGreeter: { name: "bench.greeter.metrics-on", env: () => Promise.resolve({}) },
});
