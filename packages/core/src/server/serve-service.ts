import type { AnyRouter } from "@trpc/server";
import { announce, type Announcement } from "../client/announce.ts";
import { registryUrlsOf } from "../client/registry-target.ts";
import { createSwitchboard, type Switchboard } from "../client/switchboard.ts";
import type { CreateContext } from "./context.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";
import { defaultLogger, isLoopback, withFields, withTraceContext, type Logger } from "../shared/logger.ts";
import type { Registry } from "prom-client";
import type { ServerLimits } from "./limits.ts";

export interface ServeOptions {
  /** Register under this name with the registry; omit to serve without registering. */
  name?: string;
  /** The registry's URL, or several (default `http://127.0.0.1:4000`); the same option as the client's. */
  registryUrl?: string | string[];
  /** The registry's bearer token, when it has one (writes need it). */
  registryToken?: string;
  /** Metadata tags of this instance. */
  tags?: string[];
  /** Lease length; heartbeats go out every third of it (default 10 s). */
  ttlMs?: number;
  /** Default `127.0.0.1`: reachable from this machine only. */
  host?: string;
  /** Default 0: any free port (the URL is in the result). */
  port?: number;
  /** The URL to register when clients reach this process by another address (a proxy, a container). */
  publicUrl?: string;
  /** Builds each call's context from the request headers (default: an empty object). */
  createContext?: CreateContext<unknown>;
  /** Extra fields for `GET /health`. */
  health?: () => Record<string, unknown>;
  /** Runs after the server stopped accepting calls, e.g. to close a database. */
  onShutdown?: () => Promise<void> | void;
  /**
   * Request and reply caps of every call (default 1 MiB and 16 MiB: larger ones are answered PAYLOAD_TOO_LARGE), and
   * the connection, stream and buffer caps that keep abusive clients from exhausting the process.
   */
  limits?: ServerLimits;
  /** Default: pino at `info`, JSON lines on stdout. Any pino-shaped logger fits. */
  log?: Logger;
  /**
   * Serve `GET /describe` — procedures, JSON Schemas, declarations, schema hash — and register the hash as the tag
   * `switchboard:schema=<hash>` (default true). False: 404, no tag; clients then repeat none of its mutations.
   */
  describe?: boolean;
  /**
   * `GET /metrics` in Prometheus text: Switchboard records this service's metrics into this prom-client registry
   * (default: its own), served with the process's metrics. False: no endpoint, nothing recorded.
   */
  metrics?: Registry | false;
  /** Shut down cleanly on SIGINT/SIGTERM and exit (default true). */
  exitOnSignals?: boolean;
}

export interface RunningService {
  /** Where this instance serves: `http://host:port`. */
  url: string;
  serving: ServingRouter;
  announcement: Announcement | undefined;
  /** Deregisters, stops serving (in-flight calls finish), then runs `onShutdown`. Idempotent. */
  shutdown(reason: string): Promise<void>;
}

/**
 * Publishes a tRPC router under a name — what Pyro's `Daemon` + `ns.register` did: serves it over WebSocket and HTTP
 * (plus `GET /health`) on one port, registers `name → URL` with the registry, heartbeats to keep the lease, registers
 * again if the registry forgets it (a restart), and on SIGINT/SIGTERM deregisters first (so clients stop resolving to
 * it), then finishes in-flight calls and closes.
 */
export async function serve<TRouter extends AnyRouter>(
  router: TRouter,
  options: ServeOptions = {},
): Promise<RunningService> {
  // Lines written while a traced call runs carry its trace id.
  const log = withTraceContext(options.log ?? defaultLogger("info"));
  const host = options.host ?? "127.0.0.1";
  const serving = await serveRouter({
    router,
    createContext: options.createContext ?? (() => ({})),
    host,
    port: options.port ?? 0,
    health: options.health,
    limits: options.limits,
    name: options.name,
    describe: options.describe,
    metrics: options.metrics,
    onError: (error, path, logFields) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        log.error({ err: error.cause ?? error, path, ...logFields }, "procedure failed");
    },
  });
  log.info({ url: serving.url }, "listening");
  if (!isLoopback(host)) log.warn({ host }, "listening beyond loopback: anyone who can reach this host can call it");

  let announcement: Announcement | undefined;
  let switchboard: Switchboard | undefined;
  if (options.name) {
    const registryUrls = registryUrlsOf(options.registryUrl);
    switchboard = createSwitchboard({ registryUrl: registryUrls, registryToken: options.registryToken, log });
    announcement = announce({
      registry: switchboard.registry,
      name: options.name,
      url: options.publicUrl ?? serving.url,
      tags: serving.description ? [...(options.tags ?? []), schemaTag(serving.description.schemaHash)] : options.tags,
      ttlMs: options.ttlMs,
      log: withFields(log, { registry: registryUrls.join(",") }),
    });
  }

  let shuttingDown: Promise<void> | undefined;
  const service: RunningService = {
    url: serving.url,
    serving,
    announcement,
    shutdown: (reason) =>
      (shuttingDown ??= (async () => {
        log.info({ reason }, "shutting down");
        await announcement?.stop();
        switchboard?.close();
        await serving.close();
        await options.onShutdown?.();
        log.info({}, "stopped");
      })()),
  };
  if (options.exitOnSignals ?? true) exitOnSignals(service, log);
  return service;
}

/** The tag that publishes a service's schema hash with its registration. */
export const schemaTag = (schemaHash: string) => `switchboard:schema=${schemaHash}`;

/** SIGINT/SIGTERM → a clean shutdown, then exit; a second signal exits at once. */
function exitOnSignals(service: RunningService, log: Logger): void {
  let signalled = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (signalled) process.exit(130);
      signalled = true;
      service.shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
