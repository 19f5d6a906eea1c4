import { consoleRouter } from "./routers/console.ts";
import { directoryRouter } from "./routers/directory.ts";
import { greeterRouter } from "./routers/greeter.ts";
import { shopRouter } from "./routers/shop.ts";
import { statusRouter } from "./routers/status.ts";
import { t } from "./trpc.ts";

/**
 * What the browser calls, at /api/trpc. Every procedure runs on the Next server, which reaches the services by name
 * through the registry: the browser needs no access to them (no CORS) and never sees a session token.
 */
export const webRouter = t.router({
  status: statusRouter,
  directory: directoryRouter,
  greeter: greeterRouter,
  shop: shopRouter,
  console: consoleRouter,
});

export type WebRouter = typeof webRouter;
