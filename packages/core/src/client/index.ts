export {
  connect,
  connectUrl,
  createSwitchboard,
  defaultRegistryUrl,
  type ClientOptions,
  type ClientOptionsArgument,
  type Switchboard,
  type SwitchboardOptions,
  type TransportName,
} from "./switchboard.ts";
export type { TransformerOption, TransformerOptions } from "./codec.ts";
export { clientMetrics, clientMetricsText } from "./client-metrics.ts";
export { registryTarget, registryUrlsOf } from "./registry-target.ts";
export { resolutionOf, type Resolution } from "./resolution-error.ts";
export { createSubscriber, type Subscriber, type SubscriberOptions, type SubscriptionHandlers } from "./subscriber.ts";
export { switchboardLink, type SwitchboardLinkOptions } from "./link.ts";
export { silentLogger, type Logger } from "../shared/logger.ts";
export { announce, type Announcement, type AnnounceOptions } from "./announce.ts";
export {
  createSender,
  fixedTarget,
  type CallLimits,
  type Call,
  type CallTarget,
  type Sender,
  type SenderOptions,
} from "./sender.ts";
export { createDirectClient } from "./direct-client.ts";
export { NameResolver, type Balance, type Selector } from "./resolver.ts";
export {
  TransportError,
  type OutgoingCall,
  type SubscriptionData,
  type SubscriptionListener,
  type SubscriptionRequest,
  type Transport,
} from "./transport.ts";
export { createWebSocketTransport, type WebSocketTransportOptions } from "./ws-transport.ts";
export { createTcpTransport } from "./tcp-transport.ts";
export { createHttpTransport } from "./http-transport.ts";
export type { KnownServices } from "./services.ts";
export type { RegistryRouter, RegistryInputs, RegistryOutputs } from "../registry/router.ts";
export { watchRegistry, type WatchHandlers, type WatchOptions } from "./watch.ts";
export type { RegistryEvent, RegistryEventKind } from "../registry/events.ts";
