/**
 * CSRF: the web app acts for whoever holds the session cookie, so a request that changes something must come from
 * its own pages. SameSite=Strict alone does not cover it: another port of the same host (http://127.0.0.1:8080 next
 * to :3000) is the same *site*, so its pages send the cookie. A browser names the page that sent a request in
 * `Origin` (on every POST) and `Sec-Fetch-Site`; a request from another origin is refused. A request with neither
 * comes from no browser page (curl, a server), which no cookie of a visitor's rides along with.
 */
export interface OriginCheck {
  /** The app's public URL (WEB_PUBLIC_URL); unset: the origin the request was addressed to (its Host header). */
  publicUrl?: string;
}

/** Why the request is refused, or undefined when it comes from the app's own origin (or from no browser page). */
export function foreignOriginOf(
  request: { url: string; headers: Headers },
  check: OriginCheck = {},
): string | undefined {
  const { headers } = request;
  const origin = headers.get("origin");
  const fetchSite = headers.get("sec-fetch-site");
  if (origin === null) {
    // Old browsers omit Origin on same-origin requests but send Sec-Fetch-Site; only a foreign one is refused.
    return fetchSite === "cross-site" || fetchSite === "same-site" ? `a ${fetchSite} request` : undefined;
  }
  const own = ownOrigin(request, check);
  return origin === own ? undefined : `a request from ${origin.slice(0, 200)} (this app is ${own})`;
}

/** `https://shop.example.com`: the public URL's origin, else the scheme (as a TLS proxy forwards it) and Host. */
export function ownOrigin(request: { url: string; headers: Headers }, check: OriginCheck = {}): string {
  if (check.publicUrl) return new URL(check.publicUrl).origin;
  const url = new URL(request.url);
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = forwarded === "https" || forwarded === "http" ? forwarded : url.protocol.replace(":", "");
  return `${protocol}://${request.headers.get("host") ?? url.host}`;
}

/** Whether the visitor reaches the app over HTTPS: its public URL says so, or the request (or the TLS proxy) does. */
export function servedOverHttps(request: { url: string; headers: Headers }, check: OriginCheck = {}): boolean {
  return ownOrigin(request, check).startsWith("https:");
}
