import type { JsonSchema } from "../../json-schema/schema.ts";
import { propertiesOf } from "../../json-schema/schema.ts";
import type { WebContext } from "../context.ts";
import { webServices } from "../switchboard.ts";

/**
 * The input field the web server fills in itself: the shop's procedures that act on an account take `session`, and
 * the console gives them the logged-on user's session from its HttpOnly cookie — never one typed into the page, and
 * never to another service.
 */
export function sessionFieldOf(serviceName: string, input: JsonSchema | null): "session" | undefined {
  if (serviceName !== webServices().env.SHOP_NAME || !input) return undefined;
  return propertiesOf(input).some(([name]) => name === "session") ? "session" : undefined;
}

/** What the console shows instead of a session token the shop answered. */
export const keptSessionNote = "(kept by the web server in your HttpOnly session cookie)";

/**
 * A shop answer that opens a session (`signUp`, `logOn` from the console) logs the browser on as the shop page does:
 * the token goes into the cookie, and the page sees a note in its place — the browser never holds a session token.
 */
export function keepShopSession(serviceName: string, data: unknown, ctx: WebContext): unknown {
  if (serviceName !== webServices().env.SHOP_NAME || typeof data !== "object" || data === null) return data;
  const { session, expiresAt } = data as { session?: unknown; expiresAt?: unknown };
  if (typeof session !== "string" || typeof expiresAt !== "number") return data;
  ctx.setSession(session, expiresAt);
  return { ...data, session: keptSessionNote };
}
