export { serve, type RunningService, type ServeOptions } from "./serve-service.ts";
export { consoleLog, isLoopback, type ServiceLog } from "./service-log.ts";
export { serveRouter, type ServeRouterOptions, type ServingRouter } from "./serve.ts";
export type { CreateContext, CreateContextOptions } from "./context.ts";
export { initService, type SwitchboardMeta } from "../trpc.ts";
export { sameSecret } from "../shared/same-secret.ts";
