export { createLogger, type Logger } from "./logger.ts";
export {
  commonServiceEnv,
  emptyAsUnset,
  isLoopback,
  hostSchema,
  logFormatSchema,
  logLevelSchema,
  parseEnv,
  portSchema,
  registryUrlFrom,
  transportFrom,
} from "./env.ts";
export { readDevToken, readOrCreateDevToken, type DevTokenKind } from "./dev-token.ts";
export { exitOnSignals, runService, type RunningService, type RunServiceOptions } from "./run-service.ts";
