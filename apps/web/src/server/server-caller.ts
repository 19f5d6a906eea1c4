import { headers } from "next/headers";
import { webRouter } from "./router.ts";
import { readCookie, sessionCookieName } from "./session-cookie.ts";
import { t } from "./trpc.ts";

const createCaller = t.createCallerFactory(webRouter);

/**
 * The web router called from a server component, for pages that render their data on the server (readable without
 * JavaScript). It sees the request's session cookie but cannot change it: a page render sets no cookies.
 */
export async function serverCaller() {
  const requestHeaders = await headers();
  return createCaller({
    session: readCookie(requestHeaders.get("cookie"), sessionCookieName),
    setSession: () => undefined,
    clearSession: () => undefined,
  });
}

/** A search parameter as one string: the first when repeated, "" when absent. */
export function searchParam(params: Record<string, string | string[] | undefined>, key: string): string {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}
