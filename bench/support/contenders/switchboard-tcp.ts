import { switchboardByName } from "./switchboard-by-name.ts";

/** The default: one persistent socket per instance carrying tRPC's messages as JSON lines. */
export const switchboardTcp = switchboardByName({
  key: "switchboard",
  label: "Switchboard, by name (TCP)",
  transport: "tcp",
  aims: { ceiling: "rawTcp", isDefault: true },
});
