import { servedOverHttps } from "./same-origin.ts";
import { clearedSessionCookie, readCookie, sessionCookie, sessionCookieName } from "./session-cookie.ts";

/** What the web app's procedures see of a request: the shop session from its cookie, and a way to change it. */
export interface WebContext {
  session: string | undefined;
  setSession(token: string, expiresAt: number): void;
  clearSession(): void;
}

export function createWebContext(req: Request, resHeaders: Headers, publicUrl?: string): WebContext {
  // Behind a TLS-terminating proxy the request URL is http: its forwarded protocol or the public URL say https.
  const secure = servedOverHttps(req, { publicUrl });
  return {
    session: readCookie(req.headers.get("cookie"), sessionCookieName),
    setSession: (token, expiresAt) => resHeaders.append("set-cookie", sessionCookie(token, expiresAt, secure)),
    clearSession: () => resHeaders.append("set-cookie", clearedSessionCookie(secure)),
  };
}
