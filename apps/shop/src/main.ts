import { shopRouter, type ShopContext } from "@switchboard/api";
import { openDatabase, openSqlite } from "@switchboard/db";
import { serve } from "@switchboard/core/server";
import { createLogger } from "@switchboard/service";
import { loadShopEnv } from "./env.ts";

const env = loadShopEnv();
const logger = createLogger("shop", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const db = openDatabase(env.SHOP_DATABASE_URL);
const sqlite = openSqlite(env.SHOP_DATABASE_URL);
const context: ShopContext = {
  db,
  sqlite,
  log: (event, fields) => logger.info(fields, event),
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
  createContext: () => context,
  health: () => ({ service: env.SHOP_NAME }),
  onShutdown: async () => {
    sqlite.close();
    await db.$disconnect();
  },
  log: logger,
});
