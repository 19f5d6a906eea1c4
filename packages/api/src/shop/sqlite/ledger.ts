import { prepared, type SqliteDatabase } from "@switchboard/db";
import { maxBalanceCents } from "../schema.ts";
import {
  balanceKeptChanging,
  entryView,
  movementAttempts,
  outcomeWithoutInsert,
  signedChange,
  type EntryRow,
  type Movement,
  type MovementResult,
} from "../ledger.ts";
import { sessionIdOf } from "../sessions.ts";
import { accountOfSession } from "./sessions.ts";

/**
 * Applies a deposit or purchase to the session's account in ONE statement: the INSERT of the ledger entry only
 * selects a row if the session is live and the new balance stays within 0 … max, and the `LedgerEntry_applies`
 * trigger moves the balance in that same statement. SQLite takes the write lock before it reads, so the check and
 * the write cannot interleave with another writer, in this process or another one: no lost update, no overdraft.
 * A retried idempotency key hits the unique index and inserts nothing; the first entry is returned instead.
 * (Prepared statements on a plain connection, not Prisma: this is the shop's hot path — see `openSqlite`. All of it
 * runs synchronously, as better-sqlite3 does, so one movement never yields to another in this process.)
 */
export function applyMovement(
  sqlite: SqliteDatabase,
  session: string,
  movement: Movement,
  now: number,
): MovementResult {
  // Nothing inserted means: dead session, key already used, or the balance does not allow it. Finding out which
  // takes a second read; if by then the balance would allow it (another process moved it), try again.
  for (let attempt = 0; attempt < movementAttempts; attempt++) {
    const inserted = insertEntry(sqlite, session, movement, now);
    if (inserted) return { balanceCents: inserted.balanceAfterCents, entry: inserted };
    const account = accountOfSession(sqlite, session, now);
    const entryWithKey = movement.idempotencyKey ? findByKey(sqlite, account.id, movement.idempotencyKey) : undefined;
    const outcome = outcomeWithoutInsert(account, entryWithKey, movement);
    if (outcome instanceof Error) throw outcome;
    if (outcome) return outcome;
  }
  throw balanceKeptChanging();
}

function insertEntry(sqlite: SqliteDatabase, session: string, movement: Movement, now: number) {
  // `.all()`, not `.get()`: SQLite hands out a RETURNING row before the statement commits, and `.get()` stops at that
  // row, so a commit the disk refused (I/O error, read-only file) was lost while the movement was answered as applied.
  // Stepping to the end makes the commit's failure this call's error.
  const [row] = prepared<[Record<string, unknown>], EntryRow>(
    sqlite,
    `INSERT INTO "LedgerEntry" ("accountId", "kind", "amountCents", "item", "idempotencyKey", "balanceAfterCents", "createdAt")
     SELECT a."id", @kind, @amountCents, @item, @idempotencyKey, a."balanceCents" + @change, @now
     FROM "Session" s JOIN "Account" a ON a."id" = s."accountId"
     WHERE s."id" = @sessionId AND s."expiresAt" > @now AND a."balanceCents" + @change BETWEEN 0 AND @maxBalanceCents
     ON CONFLICT ("accountId", "idempotencyKey") DO NOTHING
     RETURNING "id", "kind", "amountCents", "item", "balanceAfterCents", "createdAt"`,
  ).all({
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
