import { createSwitchboard, type Switchboard } from "@switchboard/api/client";
import { loadWebEnv, type WebEnv } from "./env.ts";

interface WebServices {
  env: WebEnv;
  switchboard: Switchboard;
}

// One Switchboard per server process (one name cache, one connection per service instance), kept on globalThis so
// that `next dev` reloading this module does not open another.
const holder = globalThis as typeof globalThis & { switchboardWeb?: WebServices };

export function webServices(): WebServices {
  if (!holder.switchboardWeb) {
    const env = loadWebEnv();
    const switchboard = createSwitchboard({
      registryUrl: env.SWITCHBOARD_REGISTRY_URL,
      timeoutMs: 5_000,
      log: (level, message) => {
        if (level !== "debug") console.warn(`[switchboard] ${message}`);
      },
    });
    holder.switchboardWeb = { env, switchboard };
  }
  return holder.switchboardWeb;
}
