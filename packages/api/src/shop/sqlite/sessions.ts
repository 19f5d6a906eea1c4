import { prepared, type DbClient, type SqliteDatabase } from "@switchboard/db";
import { newSession, sessionIdOf, sessionRefused, type NewSession, type SessionAccount } from "../sessions.ts";

export async function openSession(db: DbClient, accountId: number, now: number, ttlMs: number): Promise<NewSession> {
  const { id, session, expiresAt } = newSession(now, ttlMs);
  await db.session.create({ data: { id, accountId, createdAt: now, expiresAt } });
  return { session, expiresAt };
}

/** The account a live session belongs to, or UNAUTHORIZED. A prepared statement: every account operation runs it. */
export function accountOfSession(sqlite: SqliteDatabase, token: string, now: number): SessionAccount {
  const account = prepared<[string, number], SessionAccount>(
    sqlite,
    `SELECT a."id", a."name", a."balanceCents" FROM "Session" s JOIN "Account" a ON a."id" = s."accountId"
     WHERE s."id" = ? AND s."expiresAt" > ?`,
  ).get(sessionIdOf(token), now);
  if (!account) throw sessionRefused();
  return account;
}

export async function closeSession(db: DbClient, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionIdOf(token) } });
}

/** Deletes sessions that expired: they are refused anyway, this only keeps the table small. */
export async function sweepExpiredSessions(db: DbClient, now: number): Promise<void> {
  await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
}
