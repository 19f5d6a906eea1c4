import { greeterRouter } from "@switchboard/api";
import { serve } from "@switchboard/core/server";
import { createLogger, metricsOptionOf, serverLimitsOf, startTracing } from "@switchboard/service";
import { loadGreeterEnv } from "./env.ts";

const env = loadGreeterEnv();
const log = createLogger("greeter", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const tracing = startTracing(env.GREETER_NAME, env);

await serve(greeterRouter, {
  name: env.GREETER_NAME,
  registryUrl: env.SWITCHBOARD_REGISTRY_URL,
  registryToken: env.REGISTRY_TOKEN,
  host: env.GREETER_HOST,
  port: env.GREETER_PORT,
  publicUrl: env.GREETER_PUBLIC_URL,
  ttlMs: env.SWITCHBOARD_LEASE_TTL_MS,
  tags: env.GREETER_TAGS,
  limits: serverLimitsOf(env),
  metrics: metricsOptionOf(env),
  health: () => ({ service: env.GREETER_NAME }),
  onShutdown: () => tracing?.shutdown(),
  log,
});
