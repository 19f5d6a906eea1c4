import type { RegistryStore } from "./store.ts";

export interface RegistryContext {
  store: RegistryStore;
  /** The registry's clock, in epoch milliseconds; tests may substitute their own. */
  now: () => number;
}
