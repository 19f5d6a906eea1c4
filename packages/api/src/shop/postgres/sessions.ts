import type { PostgresDbClient, PostgresPool } from "@switchboard/db";
import { newSession, sessionIdOf, sessionRefused, type NewSession, type SessionAccount } from "../sessions.ts";

const accountOfSessionStatement = {
  name: "shop-account-of-session",
  text: `SELECT a."id", a."name", a."balanceCents" FROM "Session" s JOIN "Account" a ON a."id" = s."accountId"
    WHERE s."id" = $1 AND s."expiresAt" > $2::bigint`,
};

/** The account a live session belongs to, or UNAUTHORIZED. A named statement: every account operation runs it. */
export async function accountOfSession(pool: PostgresPool, token: string, now: number): Promise<SessionAccount> {
  const { rows } = await pool.query<SessionAccount>({
    ...accountOfSessionStatement,
    values: [sessionIdOf(token), now],
  });
  const account = rows[0];
  if (!account) throw sessionRefused();
  return account;
}

export async function openSession(
  db: PostgresDbClient,
  accountId: number,
  now: number,
  ttlMs: number,
): Promise<NewSession> {
  const { id, session, expiresAt } = newSession(now, ttlMs);
  await db.session.create({ data: { id, accountId, createdAt: now, expiresAt } });
  return { session, expiresAt };
}

export async function closeSession(db: PostgresDbClient, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionIdOf(token) } });
}

export async function sweepExpiredSessions(db: PostgresDbClient, now: number): Promise<void> {
  await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
}
