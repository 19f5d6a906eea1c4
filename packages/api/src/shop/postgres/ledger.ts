import type { PostgresPool } from "@switchboard/db";
import {
  balanceKeptChanging,
  entryView,
  movementAttempts,
  outcomeWithoutInsert,
  signedChange,
  type EntryRow,
  type LedgerEntryView,
  type Movement,
  type MovementResult,
} from "../ledger.ts";
import { maxBalanceCents } from "../schema.ts";
import { sessionIdOf, sessionRefused } from "../sessions.ts";

// The hot path as named statements: each pooled connection prepares them once, then only binds values.

/**
 * The movement in ONE statement, as on SQLite: the INSERT selects a row only if the session is live and the new
 * balance stays within 0 … max, and the `LedgerEntry_applies` trigger moves the balance in the same statement (and
 * transaction). Under READ COMMITTED that is made safe by `FOR NO KEY UPDATE OF a`: the account row is locked before
 * the entry is formed; a concurrent movement of the same account waits for that lock, and PostgreSQL then re-reads
 * the row's newest committed version and re-checks the WHERE on it (EvalPlanQual). So the balance the check and
 * "balanceAfterCents" use is always the latest one, two movements of one account never interleave (no lost update, no
 * overdraft, balanceAfterCents chains exactly), and the entry id is drawn after the lock, so one account's ids grow in
 * commit order. NO KEY UPDATE, not UPDATE: it does not block the KEY SHARE locks that inserting a session takes.
 * A repeated idempotency key meets the unique index, which ON CONFLICT checks against committed rows, not the
 * snapshot: it inserts nothing, and the first entry is read back.
 */
const movement = {
  name: "shop-ledger-movement",
  text: `INSERT INTO "LedgerEntry" ("accountId", "kind", "amountCents", "item", "idempotencyKey", "balanceAfterCents", "createdAt")
    SELECT a."id", $1::text, $2::integer, $3::text, $4::text, a."balanceCents" + $5::integer, $6::bigint
    FROM "Session" s JOIN "Account" a ON a."id" = s."accountId"
    WHERE s."id" = $7 AND s."expiresAt" > $6::bigint AND a."balanceCents" + $5::integer BETWEEN 0 AND $8::integer
    FOR NO KEY UPDATE OF a
    ON CONFLICT ("accountId", "idempotencyKey") DO NOTHING
    RETURNING "id", "kind", "amountCents", "item", "balanceAfterCents", "createdAt"`,
};

/** Why nothing was inserted, in one round trip: the session's account (fresh) and the entry the key already has. */
const afterRefusal = {
  name: "shop-ledger-after-refusal",
  text: `SELECT a."id" AS "accountId", a."name", a."balanceCents",
      e."id", e."kind", e."amountCents", e."item", e."balanceAfterCents", e."createdAt"
    FROM "Session" s JOIN "Account" a ON a."id" = s."accountId"
    LEFT JOIN "LedgerEntry" e ON e."accountId" = a."id" AND e."idempotencyKey" = $3
    WHERE s."id" = $1 AND s."expiresAt" > $2::bigint`,
};

const page = {
  name: "shop-ledger-page",
  text: `SELECT "id", "kind", "amountCents", "item", "balanceAfterCents", "createdAt" FROM "LedgerEntry"
    WHERE "accountId" = $1 AND ($2::integer IS NULL OR "id" < $2::integer)
    ORDER BY "id" DESC LIMIT $3`,
};

type RefusalRow = { accountId: number; name: string; balanceCents: number } & (
  EntryRow | { [K in keyof EntryRow]: null }
);

/** Applies a deposit or purchase (see `movement` above for why one statement at READ COMMITTED is enough). */
export async function applyMovement(
  pool: PostgresPool,
  session: string,
  requested: Movement,
  now: number,
): Promise<MovementResult> {
  const sessionId = sessionIdOf(session);
  for (let attempt = 0; attempt < movementAttempts; attempt++) {
    const { rows } = await pool.query<EntryRow>({
      ...movement,
      values: [
        requested.kind,
        requested.amountCents,
        requested.item,
        requested.idempotencyKey,
        signedChange(requested),
        now,
        sessionId,
        maxBalanceCents,
      ],
    });
    const inserted = rows[0];
    if (inserted) {
      const entry = entryView(inserted);
      return { balanceCents: entry.balanceAfterCents, entry };
    }
    // A separate statement, so READ COMMITTED gives it a fresh snapshot: it sees whatever made the insert refuse.
    const refusal = await pool.query<RefusalRow>({
      ...afterRefusal,
      values: [sessionId, now, requested.idempotencyKey],
    });
    const row = refusal.rows[0];
    if (!row) throw sessionRefused();
    const account = { id: row.accountId, name: row.name, balanceCents: row.balanceCents };
    const entryWithKey = row.id === null ? undefined : entryView(row);
    const outcome = outcomeWithoutInsert(account, entryWithKey, requested);
    if (outcome instanceof Error) throw outcome;
    if (outcome) return outcome;
  }
  throw balanceKeptChanging();
}

/** The account's entries newest first, at most `limit`, with ids below `before` if given. */
export async function ledgerPage(
  pool: PostgresPool,
  accountId: number,
  limit: number,
  before: number | undefined,
): Promise<LedgerEntryView[]> {
  const { rows } = await pool.query<EntryRow>({ ...page, values: [accountId, before ?? null, limit] });
  return rows.map(entryView);
}
