/**
 * How hard a commit is pressed to disk (SQLite's `synchronous`, per connection; in WAL mode):
 * - `FULL`: the WAL is synced at every commit, so a commit that was answered survives a power loss or an OS crash.
 *   The default: the shop answers a deposit only once it is on disk, as its PostgreSQL store does.
 * - `NORMAL`: synced at checkpoints only. Never corrupts the file and loses nothing when the process dies, but a power
 *   loss may roll back the last commits. better-sqlite3's own default; the registry uses it, since its registrations
 *   are leases that services renew every few seconds anyway.
 */
export type Durability = "FULL" | "NORMAL";

export const defaultDurability: Durability = "FULL";

export const synchronousPragma = (durability: Durability) => `PRAGMA synchronous = ${durability}`;
