import type { TRPCClient } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import type { RegistryRouter } from "../registry/router.ts";
import { createHttpTransport } from "./http-transport.ts";
import { createDirectClient } from "./direct-client.ts";
import { createSender, fixedTarget, type CallLimits } from "./sender.ts";
import { NameResolver, type Balance, type ClientLog } from "./resolver.ts";
import type { KnownServices } from "./services.ts";
import type { OutgoingCall, Transport } from "./transport.ts";
import { watchRegistry, type WatchHandlers, type WatchOptions } from "./watch.ts";
import { createWebSocketTransport } from "./ws-transport.ts";

/** The registry a client asks when none is configured: the default of `npm start`. */
export const defaultRegistryUrl = "http://127.0.0.1:4000";

export interface SwitchboardOptions {
  /** Base URL of the registry (default `http://127.0.0.1:4000`). */
  registryUrl?: string;
  /** `ws` (default): one persistent WebSocket per service, the fastest. `http`: keep-alive HTTP requests. */
  transport?: "ws" | "http" | Transport;
  /** After this long a cached name is refreshed in the background (default 5 s). */
  refreshAfterMs?: number;
  /** How calls are spread over a name's instances: `round-robin` (default) or `random`. */
  balance?: Balance;
  /** Default timeout of every call in milliseconds; per call: `{ context: { timeoutMs } }` or `{ signal }`. */
  timeoutMs?: number;
  /** Where the client reports what it does on its own (stale-if-error). Default: `console.warn` for warnings. */
  log?: ClientLog;
  /** Follow the registry's changes to keep the name cache current (default true); false: poll every refreshAfterMs. */
  watch?: boolean;
  /** Bearer token for the registry (`REGISTRY_TOKEN`): needed to register, and to read from a gated registry. */
  registryToken?: string;
}

export interface Switchboard {
  /** A typed client for the service registered as `name`; known names need no type argument. */
  connect<TName extends keyof KnownServices>(name: TName): TRPCClient<KnownServices[TName]>;
  connect<TRouter extends AnyRouter>(name: string): TRPCClient<TRouter>;
  /** An untyped call by name, for tools that learn the procedure only at run time (the CLI's `call`). */
  call(name: string, call: OutgoingCall, limits?: CallLimits): Promise<unknown>;
  /** A typed client for the registry itself. */
  readonly registry: TRPCClient<RegistryRouter>;
  readonly resolver: NameResolver;
  /** Streams the registry's changes for a name or prefix (SSE, resumable); returns a function that stops it. */
  watch(options: WatchOptions, handlers: WatchHandlers): () => void;
  /** Closes every connection this switchboard opened. */
  close(): void;
}

function transportFrom(option: SwitchboardOptions["transport"]): Transport {
  if (option === "http") return createHttpTransport();
  if (option === undefined || option === "ws") return createWebSocketTransport();
  return option;
}

const warnOnConsole: ClientLog = (level, message, fields) => {
  if (level === "warn") console.warn(`switchboard: ${message}`, fields);
};

/** Creates a client side of Switchboard: one registry, one connection pool, one name cache, many typed clients. */
export function createSwitchboard(options: SwitchboardOptions = {}): Switchboard {
  const transport = transportFrom(options.transport);
  // Registry traffic is rare (lookups are cached, heartbeats come every few seconds), so plain keep-alive HTTP: a
  // first lookup then costs one request instead of a WebSocket handshake plus a message.
  const registryUrl = options.registryUrl ?? defaultRegistryUrl;
  const registryTransport = createHttpTransport({
    headers: options.registryToken ? { authorization: `Bearer ${options.registryToken}` } : {},
  });
  const registry = createDirectClient<RegistryRouter>(
    createSender({ target: fixedTarget(registryUrl), transport: registryTransport }),
  );
  const resolver = new NameResolver({
    registry,
    refreshAfterMs: options.refreshAfterMs,
    balance: options.balance,
    log: options.log ?? warnOnConsole,
    watch:
      options.watch === false
        ? undefined
        : (handlers) =>
            watchRegistry(registryUrl, { prefix: "", holdsProcess: false }, handlers, options.registryToken),
  });
  const senderFor = (name: string) =>
    createSender({ target: resolver.target(name), transport, timeoutMs: options.timeoutMs });
  return {
    connect(name: string) {
      return createDirectClient(senderFor(name));
    },
    call: (name: string, call: OutgoingCall, limits?: CallLimits) => senderFor(name)(call, limits),
    registry,
    resolver,
    watch: (watchOptions: WatchOptions, handlers: WatchHandlers) =>
      watchRegistry(registryUrl, watchOptions, handlers, options.registryToken),
    close() {
      resolver.close();
      transport.close();
      registryTransport.close();
    },
  } as Switchboard;
}

/** A typed client for a service at a fixed base URL, skipping the registry. */
export function connectUrl<TRouter extends AnyRouter>(
  url: string,
  options: Pick<SwitchboardOptions, "transport" | "timeoutMs"> = {},
): TRPCClient<TRouter> {
  return createDirectClient<TRouter>(
    createSender({
      target: fixedTarget(url),
      transport: transportFrom(options.transport),
      timeoutMs: options.timeoutMs,
    }),
  );
}

const sharedSwitchboards = new Map<string, Switchboard>();

/**
 * `connect("example.shop.Shop")`: resolves the name through the registry and returns a fully typed tRPC client.
 * Clients for the same registry and transport share one switchboard: one name cache, one connection per service.
 */
export function connect<TName extends keyof KnownServices>(
  name: TName,
  options?: SwitchboardOptions,
): TRPCClient<KnownServices[TName]>;
export function connect<TRouter extends AnyRouter>(name: string, options?: SwitchboardOptions): TRPCClient<TRouter>;
export function connect(name: string, options: SwitchboardOptions = {}): TRPCClient<AnyRouter> {
  if (typeof options.transport === "object") return createSwitchboard(options).connect<AnyRouter>(name);
  const key = `${options.registryUrl ?? defaultRegistryUrl} ${options.transport ?? "ws"} ${options.registryToken ?? ""}`;
  let switchboard = sharedSwitchboards.get(key);
  if (!switchboard) {
    switchboard = createSwitchboard(options);
    sharedSwitchboards.set(key, switchboard);
  }
  return switchboard.connect<AnyRouter>(name);
}
