import { switchboardByName } from "./switchboard-by-name.ts";

/** One persistent WebSocket per instance (what browsers and stock tRPC servers speak). */
export const switchboardWebSocket = switchboardByName({
  key: "switchboardWs",
  label: "Switchboard, by name (WebSocket)",
  transport: "ws",
  aims: { ceiling: "rawWs" },
});
