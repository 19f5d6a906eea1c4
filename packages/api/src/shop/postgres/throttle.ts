import { Prisma, type PostgresDbClient } from "@switchboard/db";
import { logOnThrottlePolicy, type AttemptOutcome } from "../throttle.ts";

/**
 * Counts one log-on attempt for `name`, unless the name is blocked right now: the rule of sqlite/throttle.ts in
 * PostgreSQL's SQL (LEAST for min, explicit casts for pg's untyped parameters). One upsert: concurrent attempts wait
 * for each other's row lock and each count, in this process or another.
 */
export async function beginLogOnAttempt(db: PostgresDbClient, name: string, now: number): Promise<AttemptOutcome> {
  const { freeAttempts, firstBlockMs, maxBlockMs, windowMs } = logOnThrottlePolicy;
  const nowMs = Prisma.sql`${now}::bigint`;
  // The count after this attempt, and the block it earns if it fails (a success deletes the row): after n failures in
  // a row, min(maxBlockMs, firstBlockMs · 2^(n − freeAttempts − 1)) once n > freeAttempts. A first failure never blocks.
  // No block is 0, not `now`: an attempt racing this one, whose clock was read a moment earlier (in another process,
  // or on another connection), must not take this attempt's `now` for a block.
  const failures = Prisma.sql`(CASE WHEN "LogOnThrottle"."lastFailureAt" < ${now - windowMs}::bigint THEN 1
    ELSE "LogOnThrottle"."failures" + 1 END)`;
  const counted = await db.$queryRaw<unknown[]>`
    INSERT INTO "LogOnThrottle" ("name", "failures", "lastFailureAt", "blockedUntil")
    VALUES (${name}, 1, ${nowMs}, 0)
    ON CONFLICT ("name") DO UPDATE SET
      "failures" = ${failures},
      "lastFailureAt" = ${nowMs},
      "blockedUntil" = CASE WHEN ${failures} <= ${freeAttempts}::integer THEN 0
        ELSE ${nowMs} + LEAST(${maxBlockMs}::bigint, ${firstBlockMs}::bigint << LEAST(${failures} - ${freeAttempts}::integer - 1, 16)) END
    WHERE "LogOnThrottle"."blockedUntil" <= ${nowMs}
    RETURNING "failures"`;
  if (counted.length > 0) return { allowed: true };
  const blocked = await db.logOnThrottle.findUnique({ where: { name }, select: { blockedUntil: true } });
  return { allowed: false, retryAfterMs: Math.max(0, Number(blocked?.blockedUntil ?? now) - now) };
}

/** The attempt succeeded: the name starts afresh. */
export async function forgetLogOnFailures(db: PostgresDbClient, name: string): Promise<void> {
  await db.logOnThrottle.deleteMany({ where: { name } });
}

/** Drops counts nobody has added to for a whole window (names that guessers tried once and left). */
export async function sweepLogOnThrottle(db: PostgresDbClient, now: number): Promise<void> {
  await db.logOnThrottle.deleteMany({
    where: { lastFailureAt: { lt: now - logOnThrottlePolicy.windowMs }, blockedUntil: { lt: now } },
  });
}
