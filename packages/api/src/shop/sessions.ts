import { createHash, randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { prepared, type DbClient, type SqliteDatabase } from "@switchboard/db";

/** Twelve hours: a working day, after which the customer logs on again. */
export const defaultSessionTtlMs = 12 * 60 * 60_000;

/** What logOn and signUp hand back: the token to present on every account operation, and when it stops working. */
export interface NewSession {
  session: string;
  expiresAt: number;
}

/**
 * The database key of a session token. Only the SHA-256 is stored, so someone who reads the database (a backup,
 * Prisma Studio) cannot act as a logged-on customer. A plain hash is enough: the token is 256 random bits.
 */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export async function openSession(db: DbClient, accountId: number, now: number, ttlMs: number): Promise<NewSession> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + ttlMs;
  await db.session.create({ data: { id: sessionIdOf(token), accountId, createdAt: now, expiresAt } });
  return { session: token, expiresAt };
}

export interface SessionAccount {
  id: number;
  name: string;
  balanceCents: number;
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

export function sessionRefused(): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message: "session expired or unknown: log on again" });
}

export async function closeSession(db: DbClient, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionIdOf(token) } });
}

/** Deletes sessions that expired: they are refused anyway, this only keeps the table small. */
export async function sweepExpiredSessions(db: DbClient, now: number): Promise<void> {
  await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
}
