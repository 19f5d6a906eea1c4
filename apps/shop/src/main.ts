import {
  openPostgresShopStore,
  openSqliteShopStore,
  shopRouter,
  tracedShopStore,
  type ShopContext,
} from "@switchboard/api";
import { DatabaseUnavailableError, isPostgresUrl } from "@switchboard/db";
import { serve, withTraceContext } from "@switchboard/core/server";
import { createLogger, metricsOptionOf, serverLimitsOf, startTracing } from "@switchboard/service";
import { loadShopEnv } from "./env.ts";

const env = loadShopEnv();
const logger = createLogger("shop", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
// Before anything that calls or serves: with OTEL_EXPORTER_OTLP_ENDPOINT set, calls and statements become spans.
const tracing = startTracing(env.SHOP_NAME, env);
const store = tracedShopStore(await openStore(), isPostgresUrl(env.SHOP_DATABASE_URL) ? "postgresql" : "sqlite");
const context: ShopContext = {
  store,
  // Business events carry the trace id of the call they happened in.
  log: withTraceContext(logger),
  operatorToken: env.SHOP_OPERATOR_TOKEN,
  sessionTtlMs: env.SHOP_SESSION_TTL_MS,
};
if (!env.SHOP_OPERATOR_TOKEN) logger.warn("no SHOP_OPERATOR_TOKEN: the operator view (allAccounts) is off");

await serve(shopRouter, {
  name: env.SHOP_NAME,
  registryUrl: env.SWITCHBOARD_REGISTRY_URL,
  registryToken: env.REGISTRY_TOKEN,
  host: env.SHOP_HOST,
  port: env.SHOP_PORT,
  publicUrl: env.SHOP_PUBLIC_URL,
  ttlMs: env.SWITCHBOARD_LEASE_TTL_MS,
  limits: serverLimitsOf(env),
  metrics: metricsOptionOf(env),
  createContext: () => context,
  health: () => ({ service: env.SHOP_NAME }),
  onShutdown: async () => {
    await store.close();
    await tracing?.shutdown();
  },
  log: logger,
});

/**
 * The store SHOP_DATABASE_URL names: SQLite for `file:` (the default), PostgreSQL for `postgres://`. Migrations are
 * applied before the shop listens or registers, so a database that cannot be opened stops the start-up with nothing
 * half-done: a message naming SHOP_DATABASE_URL (its password hidden) and exit code 1.
 */
async function openStore() {
  if (!isPostgresUrl(env.SHOP_DATABASE_URL)) {
    return openSqliteShopStore(env.SHOP_DATABASE_URL, (problem) => {
      // The file is named in the log only; callers are told SERVICE_UNAVAILABLE, nothing changed.
      if ("reason" in problem) logger.error(problem, "database file unusable: calls refused until it is back");
      else logger.info({ file: problem.file }, "database file usable again");
    });
  }
  try {
    return await openPostgresShopStore(env.SHOP_DATABASE_URL, {
      onIdleConnectionError: (error) =>
        logger.warn({ reason: error.message }, "a PostgreSQL connection broke; the pool opens a new one when needed"),
    });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    logger.fatal(`SHOP_DATABASE_URL: ${error.message} (check its host, port, user name, password and database name)`);
    process.exit(1);
  }
}
