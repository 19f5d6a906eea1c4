import type { Logger } from "@switchboard/core/server";
import type { ShopStore } from "./store.ts";

/** What the shop's procedures need: the store (SQLite or PostgreSQL), its configuration, and a place to log business events. */
export interface ShopContext {
  store: ShopStore;
  /** Business events (sign-ups, refused log-ons, log-outs): the same pino-shaped logger as the rest of Switchboard. */
  log?: Logger;
  /** The token `allAccounts` needs; none configured → the operator view is off. */
  operatorToken?: string;
  /** How long a session lasts (default 12 h). */
  sessionTtlMs?: number;
  /** The clock, in epoch milliseconds (tests move it). */
  now?: () => number;
}
