import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createWebContext } from "../../../../server/context.ts";
import { loadWebEnv } from "../../../../server/env.ts";
import { webRouter } from "../../../../server/router.ts";
import { foreignOriginOf } from "../../../../server/same-origin.ts";

let publicUrl: { value: string | undefined } | undefined;

function handler(req: Request): Promise<Response> {
  publicUrl ??= { value: loadWebEnv().WEB_PUBLIC_URL };
  // CSRF: every POST (mutations, and queries by method override) must come from this app's own pages.
  const foreign = req.method === "GET" ? undefined : foreignOriginOf(req, { publicUrl: publicUrl.value });
  if (foreign)
    return Promise.resolve(refuse(`refused: ${foreign}; mutations are taken from this app's own pages only`));
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: webRouter,
    // The page POSTs queries too (tRPC's method override), so nothing it sends ends up in a URL.
    allowMethodOverride: true,
    createContext: ({ req: request, resHeaders }) => createWebContext(request, resHeaders, publicUrl?.value),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[web] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

/** 403 in tRPC's error shape, so the page's client shows the message like any other refusal. */
function refuse(message: string): Response {
  const body = { error: { message, code: -32003, data: { code: "FORBIDDEN", httpStatus: 403 } } };
  return Response.json(body, { status: 403 });
}

export { handler as GET, handler as POST };
export const dynamic = "force-dynamic";
