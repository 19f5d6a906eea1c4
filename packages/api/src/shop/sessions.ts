import { createHash, randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";

// Session tokens, for every store: what a token is, what the database keeps of it, and the one refusal.

/** Twelve hours: a working day, after which the customer logs on again. */
export const defaultSessionTtlMs = 12 * 60 * 60_000;

/** What logOn and signUp hand back: the token to present on every account operation, and when it stops working. */
export interface NewSession {
  session: string;
  expiresAt: number;
}

/** The account a live session acts on. */
export interface SessionAccount {
  id: number;
  name: string;
  balanceCents: number;
}

/**
 * The database key of a session token. Only the SHA-256 is stored, so someone who reads the database (a backup,
 * Prisma Studio) cannot act as a logged-on customer. A plain hash is enough: the token is 256 random bits.
 */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** A new session: 32 random bytes for the customer, their hash for the database. */
export function newSession(now: number, ttlMs: number): NewSession & { id: string } {
  const session = randomBytes(32).toString("base64url");
  return { session, id: sessionIdOf(session), expiresAt: now + ttlMs };
}

export function sessionRefused(): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message: "session expired or unknown: log on again" });
}
