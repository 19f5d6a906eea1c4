import { TRPCError } from "@trpc/server";
import { formatCents } from "./money.ts";
import { maxBalanceCents } from "./schema.ts";
import type { SessionAccount } from "./sessions.ts";

// What a ledger movement is and how its outcome is decided, for every store. Each store inserts the entry in one
// conditional statement of its own database (sqlite/ledger.ts, postgres/ledger.ts); when that inserts nothing, the
// reason is decided here, the same way for both.

export type EntryKind = "deposit" | "purchase";

/** A deposit or purchase as the customer asked for it. */
export interface Movement {
  kind: EntryKind;
  amountCents: number;
  item: string | null;
  idempotencyKey: string | null;
}

export interface LedgerEntryView {
  id: number;
  kind: EntryKind;
  amountCents: number;
  item: string | null;
  balanceAfterCents: number;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** What a deposit or purchase returns — the same again when it is retried with its idempotency key. */
export interface MovementResult {
  balanceCents: number;
  entry: LedgerEntryView;
}

/** A ledger row as a driver returns it: SQLite gives numbers or bigints, pg gives BIGINT columns as strings. */
export interface EntryRow {
  id: number | bigint | string;
  kind: string;
  amountCents: number | bigint | string;
  item: string | null;
  balanceAfterCents: number | bigint | string;
  createdAt: number | bigint | string;
}

/**
 * How many times a store tries the conditional insert before giving up on a balance that keeps moving. A retry
 * happens only when the balance refused the movement and another writer changed it right after (32 clients on 8
 * accounts did that three times in a row under a SIGKILL test), and it costs one statement: ten is cheap and ends it.
 */
export const movementAttempts = 10;

/**
 * Why the conditional insert inserted nothing, decided from a fresh look at the session's account and the entry its
 * idempotency key already has (if any): the first result again, a refusal to throw, or `undefined` — the balance
 * allows the movement after all (another writer moved it in between), so the store tries again.
 */
export function outcomeWithoutInsert(
  account: SessionAccount,
  entryWithKey: LedgerEntryView | undefined,
  movement: Movement,
): MovementResult | TRPCError | undefined {
  if (entryWithKey) return replay(entryWithKey, movement);
  return refusalFor(account.balanceCents, movement);
}

/** The store tried `movementAttempts` times and the balance moved under it each time. */
export function balanceKeptChanging(): TRPCError {
  return new TRPCError({ code: "CONFLICT", message: "the balance kept changing during this operation: try again" });
}

/** The first result of a retried key — if the retry asks for the same thing; a reused key for something else is a bug. */
function replay(entry: LedgerEntryView, movement: Movement): MovementResult | TRPCError {
  if (entry.kind !== movement.kind || entry.amountCents !== movement.amountCents || entry.item !== movement.item) {
    return new TRPCError({
      code: "CONFLICT",
      message: `idempotency key already used for another operation: ${entry.kind} of ${formatCents(entry.amountCents)}`,
    });
  }
  return { balanceCents: entry.balanceAfterCents, entry };
}

/** Why the balance does not allow the movement, or undefined if it does. */
function refusalFor(balanceCents: number, movement: Movement): TRPCError | undefined {
  const after = balanceCents + signedChange(movement);
  if (after < 0) {
    return new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `insufficient funds: balance ${formatCents(balanceCents)}, price ${formatCents(movement.amountCents)}`,
    });
  }
  if (after > maxBalanceCents) {
    return new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `balance limit: balance ${formatCents(balanceCents)} + deposit ${formatCents(movement.amountCents)} exceeds ${formatCents(maxBalanceCents)}`,
    });
  }
  return undefined;
}

/** What the movement does to the balance: + for a deposit, − for a purchase. */
export function signedChange(movement: Movement): number {
  return movement.kind === "deposit" ? movement.amountCents : -movement.amountCents;
}

export function entryView(row: EntryRow): LedgerEntryView {
  return {
    id: Number(row.id),
    kind: row.kind as EntryKind,
    amountCents: Number(row.amountCents),
    item: row.item,
    balanceAfterCents: Number(row.balanceAfterCents),
    createdAt: Number(row.createdAt),
  };
}
