import { statSync } from "node:fs";
import { TRPCError } from "@trpc/server";
import type { ShopStore } from "../store.ts";

/** Told (once per problem, and when it clears) what is wrong with the database file, naming it; for the log. */
export type FileProblemListener = (problem: { file: string; reason: string } | { file: string; cleared: true }) => void;

/**
 * Guards a SQLite store against its file going away or becoming unwritable while the shop runs. SQLite keeps writing
 * to an open file that was removed or moved (an unlinked inode), so those writes would silently be lost at the next
 * start: while the path no longer names the file the store opened, every operation is refused with
 * SERVICE_UNAVAILABLE (nothing changed, try again), and it works again once the same file is back. A write that the
 * disk refuses (I/O error, read-only, full) is answered the same way instead of an anonymous internal error.
 */
export function guardDatabaseFile(store: ShopStore, file: string, onProblem: FileProblemListener = () => undefined) {
  const opened = identityOf(file);
  /** Set while the path does not name the opened file: every operation is refused. */
  let fileProblem: string | undefined;
  /** Set by a write the disk refused, cleared by the next one that succeeds. */
  let diskProblem: string | undefined;

  function changed(before: string | undefined, after: string | undefined): void {
    if (after !== undefined && after !== before) onProblem({ file, reason: after });
    if (after === undefined && before !== undefined && fileProblem === undefined && diskProblem === undefined)
      onProblem({ file, cleared: true });
  }

  // Every operation looks (a stat costs a few microseconds): a write let through in a gap would be lost.
  function check(): void {
    const current = identityOf(file);
    const before = fileProblem;
    fileProblem =
      current === undefined
        ? "the database file is missing (removed or moved away while the shop ran)"
        : current !== opened
          ? "the database file was replaced by another file while the shop ran"
          : undefined;
    changed(before, fileProblem);
    if (fileProblem !== undefined) throw unavailable();
  }

  async function run<TResult>(operation: () => Promise<TResult>): Promise<TResult> {
    check();
    try {
      const result = await operation();
      if (diskProblem !== undefined) {
        const before = diskProblem;
        diskProblem = undefined;
        changed(before, undefined);
      }
      return result;
    } catch (error) {
      const reason = diskProblemOf(error);
      if (reason === undefined) throw error;
      const before = diskProblem;
      diskProblem = `the database file cannot be written: ${reason}`;
      changed(before, diskProblem);
      throw unavailable();
    }
  }

  const { ledger, sessions, accounts, throttle } = store;
  const guarded: ShopStore = {
    ledger: {
      apply: (session, movement, now) => run(() => ledger.apply(session, movement, now)),
      page: (accountId, limit, before) => run(() => ledger.page(accountId, limit, before)),
    },
    sessions: {
      accountOf: (session, now) => run(() => sessions.accountOf(session, now)),
      open: (accountId, now, ttlMs) => run(() => sessions.open(accountId, now, ttlMs)),
      close: (session) => run(() => sessions.close(session)),
      sweepExpired: (now) => run(() => sessions.sweepExpired(now)),
    },
    accounts: {
      create: (name, passwordHash) => run(() => accounts.create(name, passwordHash)),
      findForLogOn: (name) => run(() => accounts.findForLogOn(name)),
      list: () => run(() => accounts.list()),
    },
    throttle: {
      beginAttempt: (name, now) => run(() => throttle.beginAttempt(name, now)),
      forget: (name) => run(() => throttle.forget(name)),
      sweep: (now) => run(() => throttle.sweep(now)),
    },
    close: () => store.close(),
  };
  return guarded;
}

/** The client learns that the database is unavailable, not where it lives: the log names the file. */
function unavailable(): TRPCError {
  return new TRPCError({
    code: "SERVICE_UNAVAILABLE",
    message: "the shop's database cannot be used right now; nothing was changed, try again later",
  });
}

/** `dev:ino` of the file at `path`, or undefined when there is none. */
function identityOf(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

const diskErrorCodes = /^SQLITE_(IOERR|READONLY|CANTOPEN|FULL)/;
const diskErrorMessages = /disk I\/O error|readonly database|unable to open database file|database or disk is full/i;

/** SQLite's own words when the disk refused (better-sqlite3's `code`, or the message Prisma's adapter passes on). */
function diskProblemOf(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && diskErrorCodes.test(code)) return `${cause.message} (${code})`;
    const match = diskErrorMessages.exec(cause.message);
    if (match) return match[0];
    cause = cause.cause;
  }
  return undefined;
}
