import { TRPCError } from "@trpc/server";
import { prepared, type SqliteDatabase } from "@switchboard/db";
import { formatCents } from "./money.ts";
import { maxBalanceCents } from "./schema.ts";
import { accountOfSession, sessionIdOf } from "./sessions.ts";

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

interface EntryRow {
  id: number | bigint;
  kind: string;
  amountCents: number | bigint;
  item: string | null;
  balanceAfterCents: number | bigint;
  createdAt: number | bigint;
}

/**
 * Applies a deposit or purchase to the session's account in ONE statement: the INSERT of the ledger entry only
 * selects a row if the session is live and the new balance stays within 0 … max, and the `LedgerEntry_applies`
 * trigger moves the balance in that same statement. SQLite takes the write lock before it reads, so the check and
 * the write cannot interleave with another writer, in this process or another one: no lost update, no overdraft.
 * A retried idempotency key hits the unique index and inserts nothing; the first entry is returned instead.
 * (Prepared statements on a plain connection, not Prisma: this is the shop's hot path — see `openSqlite`.)
 */
export function applyMovement(sqlite: SqliteDatabase, session: string, movement: Movement, now: number) {
  // Nothing inserted means: dead session, key already used, or the balance does not allow it. Finding out which
  // takes a second read; if by then the balance would allow it (another process moved it), try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = insertEntry(sqlite, session, movement, now);
    if (inserted) return { balanceCents: inserted.balanceAfterCents, entry: inserted } satisfies MovementResult;
    const account = accountOfSession(sqlite, session, now);
    const replayed = movement.idempotencyKey && findByKey(sqlite, account.id, movement.idempotencyKey);
    if (replayed) return replay(replayed, movement);
    const refusal = refusalFor(account.balanceCents, movement);
    if (refusal) throw refusal;
  }
  throw new TRPCError({ code: "CONFLICT", message: "the balance kept changing during this operation: try again" });
}

function insertEntry(sqlite: SqliteDatabase, session: string, movement: Movement, now: number) {
  const row = prepared<[Record<string, unknown>], EntryRow>(
    sqlite,
    `INSERT INTO "LedgerEntry" ("accountId", "kind", "amountCents", "item", "idempotencyKey", "balanceAfterCents", "createdAt")
     SELECT a."id", @kind, @amountCents, @item, @idempotencyKey, a."balanceCents" + @change, @now
     FROM "Session" s JOIN "Account" a ON a."id" = s."accountId"
     WHERE s."id" = @sessionId AND s."expiresAt" > @now AND a."balanceCents" + @change BETWEEN 0 AND @maxBalanceCents
     ON CONFLICT ("accountId", "idempotencyKey") DO NOTHING
     RETURNING "id", "kind", "amountCents", "item", "balanceAfterCents", "createdAt"`,
  ).get({
    ...movement,
    change: signedChange(movement),
    now,
    sessionId: sessionIdOf(session),
    maxBalanceCents,
  });
  return row ? entryView(row) : undefined;
}

function findByKey(sqlite: SqliteDatabase, accountId: number, idempotencyKey: string) {
  const row = prepared<[number, string], EntryRow>(
    sqlite,
    `SELECT "id", "kind", "amountCents", "item", "balanceAfterCents", "createdAt" FROM "LedgerEntry"
     WHERE "accountId" = ? AND "idempotencyKey" = ?`,
  ).get(accountId, idempotencyKey);
  return row ? entryView(row) : undefined;
}

/** The first result of a retried key — if the retry asks for the same thing; a reused key for something else is a bug. */
function replay(entry: LedgerEntryView, movement: Movement): MovementResult {
  if (entry.kind !== movement.kind || entry.amountCents !== movement.amountCents || entry.item !== movement.item) {
    throw new TRPCError({
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

function signedChange(movement: Movement): number {
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
