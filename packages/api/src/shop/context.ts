import type { DbClient, SqliteDatabase } from "@switchboard/db";

/** What the shop's procedures need: the database (two connections to one file), its configuration, and a place to log business events. */
export interface ShopContext {
  db: DbClient;
  /** A plain connection to the same file, for the hot statements (ledger entries, session checks). */
  sqlite: SqliteDatabase;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** The token `allAccounts` needs; none configured → the operator view is off. */
  operatorToken?: string;
  /** How long a session lasts (default 12 h). */
  sessionTtlMs?: number;
  /** The clock, in epoch milliseconds (tests move it). */
  now?: () => number;
}
