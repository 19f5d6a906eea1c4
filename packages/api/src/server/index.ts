export { serveRouter, type ServeRouterOptions, type ServingRouter } from "./serve.ts";
export type { CreateContext, CreateContextOptions } from "./context.ts";
