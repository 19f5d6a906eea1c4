import type { RegistryAccess } from "./access.ts";
import type { RegistryEventLog } from "./events.ts";
import type { RegistryLimits } from "./limits.ts";
import type { RegistryStore } from "./store.ts";

export interface RegistryContext {
  store: RegistryStore;
  /** The registry's clock, in epoch milliseconds; tests may substitute their own. */
  now: () => number;
  /** What this caller may do: see `accessFor`. */
  access: RegistryAccess;
  /** Recent changes, for `watch`. */
  events: RegistryEventLog;
  /** Active health checks, when enabled: lookups skip instances that are down. */
  health?: { isDown(leaseId: string): boolean };
  /** This registry's limits on registrations, names and tags; unset ones take `defaultRegistryLimits`. */
  limits?: Partial<RegistryLimits>;
}
