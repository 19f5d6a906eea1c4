export {
  connect,
  connectUrl,
  createSwitchboard,
  defaultRegistryUrl,
  type Switchboard,
  type SwitchboardOptions,
} from "./switchboard.ts";
export { announce, type Announcement, type AnnounceOptions } from "./announce.ts";
export { switchboardLink } from "./link.ts";
export {
  createSender,
  fixedTarget,
  type CallLimits,
  type CallTarget,
  type Sender,
  type SenderOptions,
} from "./sender.ts";
export { createDirectClient } from "./direct-client.ts";
export { NameResolver, type Balance, type ClientLog } from "./resolver.ts";
export { TransportError, type OutgoingCall, type Transport } from "./transport.ts";
export { createWebSocketTransport } from "./ws-transport.ts";
export { createHttpTransport } from "./http-transport.ts";
export type { KnownServices } from "./services.ts";
export type { RegistryRouter, RegistryInputs, RegistryOutputs } from "../registry/router.ts";
export { watchRegistry, type WatchHandlers, type WatchOptions } from "./watch.ts";
export type { RegistryEvent, RegistryEventKind } from "../registry/events.ts";
