import type { JsonSchema } from "../../json-schema/schema.ts";
import { propertiesOf } from "../../json-schema/schema.ts";
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
