export { registryRouter, type RegistryRouter, type RegistryInputs, type RegistryOutputs } from "./router.ts";
export type { RegistryContext } from "./context.ts";
export { accessFor, type RegistryAccess, type RegistryAccessPolicy } from "./access.ts";
export type { RegistryStore, ServiceInstance, NewRegistration } from "./store.ts";
export { withMemoryIndex } from "./memory-index.ts";
export { keepSelfEntry } from "./self-entry.ts";
export { HealthProber, httpHealthProbe } from "./health.ts";
export { RegistryEventLog, type RegistryEvent, type RegistryEventKind, type WatchFilter } from "./events.ts";
export { defaultLeaseTtlMs, registryServiceName } from "./schema.ts";
