export { registryRouter, type RegistryRouter, type RegistryInputs, type RegistryOutputs } from "./router.ts";
export type { RegistryContext } from "./context.ts";
export { accessFor, nameMatches, type NameToken, type RegistryAccess, type RegistryAccessPolicy } from "./access.ts";
export type { RegistryStore, ServiceInstance, NewRegistration } from "./store.ts";
export { withMemoryIndex, type IndexChangeListener } from "./memory-index.ts";
export { InstanceIndex, compareNames } from "./instance-index.ts";
export { keepSelfEntry } from "./self-entry.ts";
export { HealthProber, httpHealthProbe } from "./health.ts";
export { leaseClock } from "./lease-clock.ts";
export {
  RegistryEventLog,
  type EventHistory,
  type RegistryEvent,
  type RegistryEventKind,
  type RegistryEventLogOptions,
  type WatchFilter,
} from "./events.ts";
export {
  bootSequenceIds,
  comparePositions,
  localEventBase,
  revisionIds,
  type EventIdScheme,
  type EventPosition,
} from "./event-ids.ts";
export { defaultLeaseTtlMs, maxNameLength, maxTagLength, maxTags, registryServiceName } from "./schema.ts";
export { defaultRegistryLimits, type RegistryLimits } from "./limits.ts";
export { recordRegistryMetrics, type RegistryMetricsOptions } from "./registry-metrics.ts";
