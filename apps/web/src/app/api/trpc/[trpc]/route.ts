import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createWebContext } from "../../../../server/context.ts";
import { webRouter } from "../../../../server/router.ts";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: webRouter,
    // The page POSTs queries too (tRPC's method override), so nothing it sends ends up in a URL.
    allowMethodOverride: true,
    createContext: ({ req: request, resHeaders }) => createWebContext(request, resHeaders),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[web] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
export const dynamic = "force-dynamic";
