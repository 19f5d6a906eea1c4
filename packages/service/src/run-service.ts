import type { AnyRouter } from "@trpc/server";
import { announce, createSwitchboard, type Announcement } from "@switchboard/api/client";
import { serveRouter, type CreateContext, type ServingRouter } from "@switchboard/api/server";
import { isLoopback } from "./env.ts";
import type { Logger } from "./logger.ts";

export interface RunServiceOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext: CreateContext<unknown>;
  host: string;
  port: number;
  logger: Logger;
  /** Register under this name with the registry at `registryUrl`; omit to serve without registering. */
  registration?: {
    name: string;
    registryUrl: string;
    registryToken?: string;
    publicUrl?: string;
    tags?: string[];
    ttlMs?: number;
  };
  /** Extra fields for `GET /health`. */
  health?: () => Record<string, unknown>;
  /** Runs after the server stopped accepting calls, e.g. to close the database. */
  onShutdown?: () => Promise<void> | void;
}

export interface RunningService {
  url: string;
  serving: ServingRouter;
  announcement: Announcement | undefined;
  /** Deregisters, stops serving, then runs `onShutdown`. Idempotent. */
  shutdown(reason: string): Promise<void>;
}

/**
 * Serves a router, registers it with the registry, and shuts down gracefully on SIGINT/SIGTERM: deregister first (so
 * clients stop resolving to it), then finish in-flight calls and close.
 */
export async function runService<TRouter extends AnyRouter>(
  options: RunServiceOptions<TRouter>,
): Promise<RunningService> {
  const { logger, registration } = options;
  const serving = await serveRouter({
    router: options.router,
    createContext: options.createContext,
    host: options.host,
    port: options.port,
    health: options.health,
    onError: (error, path) => {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "procedure failed");
    },
  });
  logger.info({ url: serving.url }, "listening");
  if (!isLoopback(options.host)) {
    logger.warn({ host: options.host }, "listening beyond loopback: anyone who can reach this host can call it");
  }

  let announcement: Announcement | undefined;
  let switchboard: ReturnType<typeof createSwitchboard> | undefined;
  if (registration) {
    switchboard = createSwitchboard({
      registryUrl: registration.registryUrl,
      registryToken: registration.registryToken,
    });
    announcement = announce({
      registry: switchboard.registry,
      name: registration.name,
      url: registration.publicUrl ?? serving.url,
      tags: registration.tags,
      ttlMs: registration.ttlMs,
      log: (level, message, fields) => logger[level]({ ...fields, registry: registration.registryUrl }, message),
    });
  }

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (shuttingDown ??= (async () => {
      logger.info({ reason }, "shutting down");
      await announcement?.stop();
      switchboard?.close();
      await serving.close();
      await options.onShutdown?.();
      logger.info("stopped");
    })());

  return { url: serving.url, serving, announcement, shutdown };
}

/** Wires SIGINT/SIGTERM to `shutdown`; a second signal exits at once. */
export function exitOnSignals(service: RunningService, logger: Logger): void {
  let signalled = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (signalled) process.exit(130);
      signalled = true;
      service.shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}
