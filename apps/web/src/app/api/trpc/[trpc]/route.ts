import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { withBoundedBody } from "../../../../server/body-limit.ts";
import { createWebContext } from "../../../../server/context.ts";
import { loadWebEnv } from "../../../../server/env.ts";
import { webRouter } from "../../../../server/router.ts";
import { foreignOriginOf } from "../../../../server/same-origin.ts";

let publicUrl: { value: string | undefined } | undefined;

async function handler(received: Request): Promise<Response> {
  publicUrl ??= { value: loadWebEnv().WEB_PUBLIC_URL };
  // CSRF: every POST (mutations, and queries by method override) must come from this app's own pages.
  const foreign = received.method === "GET" ? undefined : foreignOriginOf(received, { publicUrl: publicUrl.value });
  if (foreign) return refuse(`refused: ${foreign}; mutations are taken from this app's own pages only`);
  // At most 1 MiB of body is read, as every Switchboard service takes: past it a 413, not a buffered upload.
  const req = await withBoundedBody(received);
  if (req instanceof Response) return req;
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
