import type { GreeterRouter } from "../greeter/router.ts";
import type { RegistryRouter } from "../registry/router.ts";
import type { ShopRouter } from "../shop/router.ts";

/**
 * Service names whose router type is known, so `connect("example.shop.Shop")` is typed without a type argument.
 * Other projects add their own names by declaration merging:
 * `declare module "@switchboard/api/client" { interface KnownServices { "acme.billing": BillingRouter } }`.
 */

export interface KnownServices {
  "example.greeter": GreeterRouter;
  "example.shop.Shop": ShopRouter;
  "switchboard.registry": RegistryRouter;
}
