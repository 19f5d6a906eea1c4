import { initService } from "@switchboard/core/server";
import type { WebContext } from "./context.ts";

/** The web app's own tRPC builders: the same error shape as every Switchboard service. */
export const t = initService<WebContext>();
