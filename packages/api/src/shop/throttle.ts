import { Prisma, type DbClient } from "@switchboard/db";

/**
 * Slows down password guessing per account name (known or not, so the throttle does not reveal which names exist).
 * Every log-on attempt counts as a failure until it succeeds, so concurrent guesses cannot slip through together.
 * The first `freeAttempts` failures in a row are free; after that each failure blocks the name for 1 s, 2 s, 4 s …
 * up to `maxBlockMs`. Failures older than `windowMs` are forgotten, and a successful log-on clears the count: the
 * owner is slowed down while someone guesses, never locked out for longer than `maxBlockMs`.
 */
export const logOnThrottlePolicy = {
  freeAttempts: 5,
  firstBlockMs: 1_000,
  maxBlockMs: 60_000,
  windowMs: 15 * 60_000,
} as const;

export type AttemptOutcome = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Counts one log-on attempt for `name`, unless the name is blocked right now. One statement: concurrent attempts each count. */
export async function beginLogOnAttempt(db: DbClient, name: string, now: number): Promise<AttemptOutcome> {
  const { freeAttempts, firstBlockMs, maxBlockMs, windowMs } = logOnThrottlePolicy;
  // The count after this attempt, and the block it earns if it fails (a success deletes the row): after n failures in
  // a row, min(maxBlockMs, firstBlockMs · 2^(n − freeAttempts − 1)) once n > freeAttempts. A first failure never blocks.
  const failures = Prisma.sql`(CASE WHEN "lastFailureAt" < ${now - windowMs} THEN 1 ELSE "failures" + 1 END)`;
  const counted = await db.$queryRaw<unknown[]>`
    INSERT INTO "LogOnThrottle" ("name", "failures", "lastFailureAt", "blockedUntil")
    VALUES (${name}, 1, ${now}, ${now})
    ON CONFLICT ("name") DO UPDATE SET
      "failures" = ${failures},
      "lastFailureAt" = ${now},
      "blockedUntil" = ${now} + CASE WHEN ${failures} <= ${freeAttempts} THEN 0
        ELSE min(${maxBlockMs}, ${firstBlockMs} << min(${failures} - ${freeAttempts} - 1, 16)) END
    WHERE "blockedUntil" <= ${now}
    RETURNING "failures"`;
  if (counted.length > 0) return { allowed: true };
  const blocked = await db.logOnThrottle.findUnique({ where: { name }, select: { blockedUntil: true } });
  return { allowed: false, retryAfterMs: Math.max(0, Number(blocked?.blockedUntil ?? now) - now) };
}

/** The attempt succeeded: the name starts afresh. */
export async function forgetLogOnFailures(db: DbClient, name: string): Promise<void> {
  await db.logOnThrottle.deleteMany({ where: { name } });
}

/** Drops counts nobody has added to for a whole window (names that guessers tried once and left). */
export async function sweepLogOnThrottle(db: DbClient, now: number): Promise<void> {
  await db.logOnThrottle.deleteMany({
    where: { lastFailureAt: { lt: now - logOnThrottlePolicy.windowMs }, blockedUntil: { lt: now } },
  });
}
