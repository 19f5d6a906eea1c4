import type { TRPCClient } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import type { RegistryRouter } from "../registry/router.ts";
import { defaultLogger, type Logger } from "../shared/logger.ts";
import { combinedTransformer, type TransformerOptions } from "./codec.ts";
import { createDirectClient } from "./direct-client.ts";
import { createHttpTransport } from "./http-transport.ts";
import { registryTarget, registryUrlsOf } from "./registry-target.ts";
import { NameResolver, type Balance, type Selector } from "./resolver.ts";
import { createSender, fixedTarget, type CallLimits } from "./sender.ts";
import type { KnownServices } from "./services.ts";
import { createSubscriber } from "./subscriber.ts";
import type { OutgoingCall, Transport } from "./transport.ts";
import { watchRegistry, type WatchHandlers, type WatchOptions } from "./watch.ts";
import { createTcpTransport } from "./tcp-transport.ts";
import { createWebSocketTransport } from "./ws-transport.ts";
import type { Registry } from "prom-client";
import { clientMetrics, recordLookup } from "./client-metrics.ts";

export { defaultRegistryUrl } from "./registry-target.ts";

export interface SwitchboardOptions {
  /**
   * The registry, or several registry processes serving one directory: `http://a:4000,http://b:4000` or a list
   * (default `http://127.0.0.1:4000`). Lookups, registrations, heartbeats and watch streams fail over between them.
   */
  registryUrl?: string | string[];
  /** Bearer token for the registry (`REGISTRY_TOKEN`): needed to register, and to read from a gated registry. */
  registryToken?: string;
  /**
   * `tcp` (default): one persistent socket per service carrying tRPC's messages as JSON lines, the fastest (first
   * calls go over HTTP while it opens; a stock tRPC server gets WebSocket). `ws`: one persistent WebSocket per
   * service. `http`: keep-alive HTTP requests and SSE.
   */
  transport?: TransportName | Transport;
  /** After this long a cached name is refreshed in the background, while the watch stream is down (default 5 s). */
  refreshAfterMs?: number;
  /** How calls are spread over a name's instances: `round-robin` (default) or `random`; per client too. */
  balance?: Balance;
  /** Default timeout of every call in milliseconds, resolving and connecting included; per client and per call too. */
  timeoutMs?: number;
  /** Bounds each request to the registry — a lookup, a heartbeat (default 5 s). */
  registryTimeoutMs?: number;
  /** Where the client reports what it does on its own (stale-if-error). Default: pino, warnings and errors only. */
  log?: Logger;
  /** Follow the registry's changes to keep the name cache current (default true); false: poll every refreshAfterMs. */
  watch?: boolean;
  /** The prom-client registry calls are counted in (`switchboard_client_*`); default `clientMetrics`, one per process. */
  metrics?: Registry;
}

/** Options of one typed client: its router's transformer (required when the router has one), timeout, balancing. */
export type ClientOptions<TRouter extends AnyRouter> = {
  timeoutMs?: number;
  balance?: Balance;
} & TransformerOptions<TRouter>;

/** The options argument of `connect`: optional, unless the router has a transformer the client must be given. */
export type ClientOptionsArgument<TRouter extends AnyRouter, TExtra = object> =
  object extends TransformerOptions<TRouter>
    ? [options?: ClientOptions<TRouter> & TExtra]
    : [options: ClientOptions<TRouter> & TExtra];

export interface Switchboard {
  /** A typed client for the service registered as `name`; known names need no type argument. */
  connect<TName extends keyof KnownServices>(
    name: TName,
    ...options: ClientOptionsArgument<KnownServices[TName]>
  ): TRPCClient<KnownServices[TName]>;
  /** A typed client for a name, or for every instance carrying all of some tags (`{ tags: ["shop", "eu"] }`). */
  connect<TRouter extends AnyRouter>(
    selector: Selector,
    ...options: ClientOptionsArgument<TRouter>
  ): TRPCClient<TRouter>;
  /** An untyped call by name, for tools that learn the procedure only at run time (the CLI's `call`). */
  call(selector: Selector, call: OutgoingCall, limits?: CallLimits): Promise<unknown>;
  /** A typed client for the registry itself. */
  readonly registry: TRPCClient<RegistryRouter>;
  readonly resolver: NameResolver;
  /** Streams the registry's changes for a name or prefix (SSE, resumable); returns a function that stops it. */
  watch(options: WatchOptions, handlers: WatchHandlers): () => void;
  /** Where this switchboard counts its calls, failovers, retries and lookups: serve it, or merge it with yours. */
  readonly metrics: Registry;
  /** Closes every connection this switchboard opened. */
  close(): void;
}

/** The transports a client can pick by name. */
export type TransportName = "tcp" | "ws" | "http";

function transportFrom(option: SwitchboardOptions["transport"]): Transport {
  if (option === "http") return createHttpTransport();
  if (option === "ws") return createWebSocketTransport();
  if (option === undefined || option === "tcp") return createTcpTransport();
  return option;
}

/** Creates a client side of Switchboard: one registry, one connection pool, one name cache, many typed clients. */
export function createSwitchboard(options: SwitchboardOptions = {}): Switchboard {
  const transport = transportFrom(options.transport);
  const registryUrls = registryUrlsOf(options.registryUrl);
  // The TCP transport to the registry as well: the first lookup goes over HTTP (one request, no handshake to wait
  // for) while the socket opens; later lookups and heartbeats cost one line each way instead of an HTTP exchange.
  const registryTransport = createTcpTransport({
    headers: options.registryToken ? { authorization: `Bearer ${options.registryToken}` } : {},
  });
  const registryCalls = registryTarget(registryUrls);
  const identity = combinedTransformer(undefined);
  const registry = createDirectClient<RegistryRouter>(
    createSender({
      target: registryCalls,
      transport: registryTransport,
      timeoutMs: options.registryTimeoutMs ?? 5_000,
      // Lookups and heartbeats are not the caller's work: no spans, and no trace sent to the registry.
      traced: false,
    }),
    createSubscriber({ target: registryCalls, transport: registryTransport, transformer: identity }),
  );
  const metrics = options.metrics ?? clientMetrics;
  const transportName = typeof options.transport === "string" ? options.transport : undefined;
  const resolver = new NameResolver({
    registry,
    onLookup: (seconds, result) => recordLookup(metrics, seconds, result),
    refreshAfterMs: options.refreshAfterMs,
    balance: options.balance,
    log: options.log ?? sharedClientLogger(),
    watch:
      options.watch === false
        ? undefined
        : (handlers) =>
            watchRegistry(registryUrls, { prefix: "", holdsProcess: false }, handlers, options.registryToken),
  });
  const clientFor = (selector: Selector, clientOptions: ClientOptions<AnyRouter> = {}) => {
    const target = resolver.target(selector, clientOptions.balance ?? options.balance);
    const transformer = combinedTransformer(clientOptions.transformer);
    return {
      send: createSender({
        target,
        transport,
        transformer,
        timeoutMs: clientOptions.timeoutMs ?? options.timeoutMs,
        metrics,
        transportName,
      }),
      subscribe: createSubscriber({ target, transport, transformer }),
    };
  };
  return {
    connect(selector: Selector, clientOptions?: ClientOptions<AnyRouter>) {
      const { send, subscribe } = clientFor(selector, clientOptions);
      return createDirectClient(send, subscribe);
    },
    call: (selector: Selector, call: OutgoingCall, limits?: CallLimits) => clientFor(selector).send(call, limits),
    registry,
    resolver,
    metrics,
    watch: (watchOptions: WatchOptions, handlers: WatchHandlers) =>
      watchRegistry(registryUrls, watchOptions, handlers, options.registryToken),
    close() {
      resolver.close();
      transport.close();
      registryTransport.close();
    },
  } as Switchboard;
}

let clientLogger: Logger | undefined;
/** One default logger for every switchboard of the process, made when first needed. */
function sharedClientLogger(): Logger {
  return (clientLogger ??= defaultLogger("warn"));
}

/** A typed client for a service at a fixed base URL, skipping the registry. */
export function connectUrl<TRouter extends AnyRouter>(
  url: string,
  ...[options]: ClientOptionsArgument<TRouter, Pick<SwitchboardOptions, "transport">>
): TRPCClient<TRouter> {
  const target = fixedTarget(url);
  const transport = transportFrom(options?.transport);
  const transformer = combinedTransformer(options?.transformer);
  return createDirectClient<TRouter>(
    createSender({ target, transport, transformer, timeoutMs: options?.timeoutMs, metrics: clientMetrics }),
    createSubscriber({ target, transport, transformer }),
  );
}

const sharedSwitchboards = new Map<string, Switchboard>();
const objectIds = new WeakMap<object, number>();
let lastObjectId = 0;
/** A number per object (a logger, a transport), so switchboard options that hold objects can be compared. */
const idOf = (value: object | undefined) => {
  if (value === undefined) return 0;
  let id = objectIds.get(value);
  if (id === undefined) objectIds.set(value, (id = ++lastObjectId));
  return id;
};

/** Clients with the same switchboard options share one switchboard: one name cache, one connection per service. */
function sharedSwitchboard(options: SwitchboardOptions): Switchboard {
  const { registryUrl, registryToken, transport, refreshAfterMs, registryTimeoutMs, log, watch, metrics } = options;
  const key = JSON.stringify([
    registryUrlsOf(registryUrl),
    registryToken ?? "",
    typeof transport === "object" ? `object ${idOf(transport)}` : (transport ?? "ws"),
    refreshAfterMs,
    registryTimeoutMs,
    idOf(log),
    watch,
    idOf(metrics),
  ]);
  let switchboard = sharedSwitchboards.get(key);
  if (!switchboard) sharedSwitchboards.set(key, (switchboard = createSwitchboard(options)));
  return switchboard;
}

/**
 * `connect("example.shop.Shop")`: resolves the name through the registry and returns a fully typed tRPC client.
 * `connect<CalcRouter>({ tags: ["calc", "eu"] })` calls whichever live instance carries all of those tags.
 * Per-client options (`timeoutMs`, `balance`, `transformer`) apply to this client; the others choose the shared
 * switchboard (registry, token, transport, log).
 */
export function connect<TName extends keyof KnownServices>(
  name: TName,
  ...options: ClientOptionsArgument<KnownServices[TName], SwitchboardOptions>
): TRPCClient<KnownServices[TName]>;
export function connect<TRouter extends AnyRouter>(
  selector: Selector,
  ...options: ClientOptionsArgument<TRouter, SwitchboardOptions>
): TRPCClient<TRouter>;
export function connect(
  selector: Selector,
  options: SwitchboardOptions & ClientOptions<AnyRouter> = {},
): TRPCClient<AnyRouter> {
  const { timeoutMs, balance, transformer, ...switchboardOptions } = options;
  return sharedSwitchboard(switchboardOptions).connect<AnyRouter>(selector, { timeoutMs, balance, transformer });
}
