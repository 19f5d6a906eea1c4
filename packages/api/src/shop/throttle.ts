/**
 * Slows down password guessing per account name (known or not, so the throttle does not reveal which names exist).
 * Every log-on attempt counts as a failure until it succeeds, so concurrent guesses cannot slip through together.
 * The first `freeAttempts` failures in a row are free; after that each failure blocks the name for 1 s, 2 s, 4 s …
 * up to `maxBlockMs`. Failures older than `windowMs` are forgotten, and a successful log-on clears the count: the
 * owner is slowed down while someone guesses, never locked out for longer than `maxBlockMs`.
 *
 * The rule itself is one upsert in each store's SQL (sqlite/throttle.ts, postgres/throttle.ts), so that concurrent
 * attempts in any number of processes each count; the shop's tests check both against the same cases.
 */
export const logOnThrottlePolicy = {
  freeAttempts: 5,
  firstBlockMs: 1_000,
  maxBlockMs: 60_000,
  windowMs: 15 * 60_000,
} as const;

export type AttemptOutcome = { allowed: true } | { allowed: false; retryAfterMs: number };
