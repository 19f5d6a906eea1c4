import { createSwitchboard, silentLogger, type Logger, type Switchboard } from "@switchboard/api/client";
import { loadWebEnv, type WebEnv } from "./env.ts";

interface WebServices {
  env: WebEnv;
  switchboard: Switchboard;
}

// One Switchboard per server process (one name cache, one connection per service instance), kept on globalThis so
// that `next dev` reloading this module does not open another.
const holder = globalThis as typeof globalThis & { switchboardWeb?: WebServices };

/** The client's warnings on the Next server's console, one readable line each (Next prints no JSON logs). */
const consoleWarnings: Logger = {
  ...silentLogger,
  warn: (fields, message) => console.warn(`[switchboard] ${message}`, fields),
  error: (fields, message) => console.error(`[switchboard] ${message}`, fields),
};

export function webServices(): WebServices {
  if (!holder.switchboardWeb) {
    const env = loadWebEnv();
    const switchboard = createSwitchboard({
      registryUrl: env.SWITCHBOARD_REGISTRY_URL,
      timeoutMs: 5_000,
      log: consoleWarnings,
    });
    holder.switchboardWeb = { env, switchboard };
  }
  return holder.switchboardWeb;
}
