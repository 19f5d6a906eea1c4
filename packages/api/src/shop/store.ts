import type { LedgerEntryView, Movement, MovementResult } from "./ledger.ts";
import type { NewSession, SessionAccount } from "./sessions.ts";
import type { AttemptOutcome } from "./throttle.ts";

/**
 * Everything the shop's procedures need from a database, in the shop's own terms. Two implementations keep the same
 * guarantees with each database's own means: `sqlite/` (one file, several processes, WAL) and `postgres/` (a server
 * that many shop processes share). The shop's test suite runs against both.
 */
export interface ShopStore {
  ledger: {
    /**
     * Applies a deposit or purchase to the session's account in one conditional statement: only if the session is live
     * and the new balance stays within 0 … max; a repeated idempotency key answers the first result. Refusals are
     * TRPCErrors: UNAUTHORIZED (session), PRECONDITION_FAILED (balance), CONFLICT (key reused for something else).
     */
    apply(session: string, movement: Movement, now: number): Promise<MovementResult>;
    /** The account's entries newest first, at most `limit`, with ids below `before` if given. */
    page(accountId: number, limit: number, before: number | undefined): Promise<LedgerEntryView[]>;
  };
  sessions: {
    /** The account a live session belongs to, or UNAUTHORIZED. Every account operation runs it. */
    accountOf(session: string, now: number): Promise<SessionAccount>;
    open(accountId: number, now: number, ttlMs: number): Promise<NewSession>;
    close(session: string): Promise<void>;
    /** Deletes sessions that expired: they are refused anyway, this only keeps the table small. */
    sweepExpired(now: number): Promise<void>;
  };
  accounts: {
    /** Opens an account with a zero balance, or answers `undefined` if the name is taken. */
    create(name: string, passwordHash: string): Promise<SessionAccount | undefined>;
    /** The account of that name with its password hash, for the log-on check only. */
    findForLogOn(name: string): Promise<(SessionAccount & { passwordHash: string }) | undefined>;
    /** Every account and its balance, by name. */
    list(): Promise<Array<{ name: string; balanceCents: number }>>;
  };
  /** The log-on throttle (see throttle.ts for the rule). */
  throttle: {
    /** Counts one log-on attempt for `name`, unless the name is blocked right now. One statement: concurrent attempts each count. */
    beginAttempt(name: string, now: number): Promise<AttemptOutcome>;
    /** The attempt succeeded: the name starts afresh. */
    forget(name: string): Promise<void>;
    /** Drops counts nobody has added to for a whole window. */
    sweep(now: number): Promise<void>;
  };
  /** Closes every connection. */
  close(): Promise<void>;
}
