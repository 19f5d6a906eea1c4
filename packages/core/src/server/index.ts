export { serve, schemaTag, type RunningService, type ServeOptions } from "./serve-service.ts";
export { defaultLogger, isLoopback, silentLogger, withTraceContext, type Logger } from "../shared/logger.ts";
export {
  defaultConnectionLimits,
  defaultMaxReplyBytes,
  defaultMaxRequestBytes,
  type CallSizeLimits,
  type ConnectionLimits,
  type ServerLimits,
} from "./limits.ts";
export { activeTraceFields, inSpan } from "../shared/tracing.ts";
export { SpanKind } from "@opentelemetry/api";
export {
  describeRouter,
  inputProblem,
  type JsonSchema,
  type ProcedureDescription,
  type ServiceDescription,
} from "./describe.ts";
export { serveRouter, type ServeRouterOptions, type ServingRouter } from "./serve.ts";
export type { CreateContext, CreateContextOptions } from "./context.ts";
export { initService, type SwitchboardMeta } from "../trpc.ts";
export { sameSecret } from "../shared/same-secret.ts";
