export { createLogger, type Logger } from "./logger.ts";
export {
  commaList,
  commonServiceEnv,
  emptyAsUnset,
  hostSchema,
  logFormatSchema,
  logLevelSchema,
  metricsOptionOf,
  parseEnv,
  portSchema,
  registryUrlFrom,
  registryUrlListSchema,
  tagListSchema,
  tracingEnv,
  transportFrom,
} from "./env.ts";
export { serverLimitsEnv, serverLimitsOf } from "./server-limits-env.ts";
export { readDevToken, readOrCreateDevToken, type DevTokenKind } from "./dev-token.ts";
export { isLoopback } from "@switchboard/core/server";
export { startTracing, type Tracing, type TracingConfig } from "./tracing.ts";
