import type { RegistryRouter } from "../registry/router.ts";

/**
 * Service names whose router type is known, so `connect("switchboard.registry")` is typed without a type argument.
 * A project adds its own names by declaration merging, once, anywhere its code is compiled:
 * `declare module "@switchboard/core/client" { interface KnownServices { "acme.billing": BillingRouter } }`.
 */
export interface KnownServices {
  "switchboard.registry": RegistryRouter;
}
