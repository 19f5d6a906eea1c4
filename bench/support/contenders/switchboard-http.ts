import { switchboardByName } from "./switchboard-by-name.ts";

/** Keep-alive node:http requests in tRPC's HTTP format. */
export const switchboardHttp = switchboardByName({
  key: "switchboardHttp",
  label: "Switchboard, by name (HTTP)",
  transport: "http",
});
