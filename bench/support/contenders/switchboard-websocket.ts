import { switchboardByName } from "./switchboard-by-name.ts";

/** The default: one persistent WebSocket per instance. */
export const switchboardWebSocket = switchboardByName({
  key: "switchboard",
  label: "Switchboard, by name (WebSocket)",
  transport: "ws",
  aims: { ceiling: "rawWs", isDefault: true },
});
