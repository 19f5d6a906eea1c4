import type { DbClient } from "@switchboard/db";

/** What the shop's procedures need: the database, its configuration, and a place to log business events. */
export interface ShopContext {
  db: DbClient;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** The token `allAccounts` needs; none configured → the operator view is off. */
  operatorToken?: string;
  /** How long a session lasts (default 12 h). */
  sessionTtlMs?: number;
  /** The clock, in epoch milliseconds (tests move it). */
  now?: () => number;
}
