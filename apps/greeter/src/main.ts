import { greeterRouter } from "@switchboard/api";
import { createLogger, exitOnSignals, runService } from "@switchboard/service";
import { loadGreeterEnv } from "./env.ts";

const env = loadGreeterEnv();
const logger = createLogger("greeter", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });

const service = await runService({
  router: greeterRouter,
  createContext: () => ({}),
  host: env.GREETER_HOST,
  port: env.GREETER_PORT,
  logger,
  registration: {
    name: env.GREETER_NAME,
    registryUrl: env.SWITCHBOARD_REGISTRY_URL,
    registryToken: env.REGISTRY_TOKEN,
    publicUrl: env.GREETER_PUBLIC_URL,
    ttlMs: env.SWITCHBOARD_LEASE_TTL_MS,
  },
  health: () => ({ service: env.GREETER_NAME }),
});
exitOnSignals(service, logger);
