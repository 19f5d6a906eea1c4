import type { DbClient } from "@switchboard/db";

/** What the shop's procedures need: the database, and a place to log business events. */
export interface ShopContext {
  db: DbClient;
  log?: (event: string, fields: Record<string, unknown>) => void;
}
