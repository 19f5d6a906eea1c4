import { z } from "zod";
import { databaseUrlFor, databaseUrlSchema } from "@switchboard/db";
import { defaultSessionTtlMs } from "@switchboard/api";
import {
  commonServiceEnv,
  emptyAsUnset,
  hostSchema,
  parseEnv,
  portSchema,
  registryUrlFrom,
} from "@switchboard/service";

const shopEnvSchema = z.object({
  SHOP_HOST: hostSchema,
  SHOP_PORT: portSchema.default(4002),
  SHOP_NAME: z.string().min(1).default("example.shop.Shop"),
  SHOP_PUBLIC_URL: z.url().optional(),
  /**
   * `file:…` runs the shop on SQLite (default: `file:<SWITCHBOARD_DATA_DIR>/shop.db`); `postgres://…` or
   * `postgresql://…` on PostgreSQL, which several shop processes (on several machines) can share.
   */
  SHOP_DATABASE_URL: databaseUrlSchema,
  /** The token the operator view (`allAccounts`) needs; unset → that view is off. `npm start` makes a dev one. */
  SHOP_OPERATOR_TOKEN: emptyAsUnset(z.string().min(16, "SHOP_OPERATOR_TOKEN must be at least 16 characters")),
  /** How long a session token lasts (default 12 hours). */
  SHOP_SESSION_TTL_MS: z.coerce.number().int().min(1_000).default(defaultSessionTtlMs),
  ...commonServiceEnv,
});

export type ShopEnv = z.output<typeof shopEnvSchema>;

export function loadShopEnv(source: NodeJS.ProcessEnv = process.env): ShopEnv {
  return parseEnv(shopEnvSchema, {
    ...source,
    SWITCHBOARD_REGISTRY_URL: registryUrlFrom(source),
    SHOP_DATABASE_URL: databaseUrlFor("shop", source.SHOP_DATABASE_URL, source.SWITCHBOARD_DATA_DIR),
  });
}
