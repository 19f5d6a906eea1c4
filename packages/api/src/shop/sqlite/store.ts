import { openDatabase, openSqlite, sqliteFileOf, type DbClient, type SqliteDatabase } from "@switchboard/db";
import type { ShopStore } from "../store.ts";
import { createAccount, findAccountForLogOn, ledgerPage, listAccounts } from "./accounts.ts";
import { applyMovement } from "./ledger.ts";
import { guardDatabaseFile, type FileProblemListener } from "./file-guard.ts";
import { accountOfSession, closeSession, openSession, sweepExpiredSessions } from "./sessions.ts";
import { beginLogOnAttempt, forgetLogOnFailures, sweepLogOnThrottle } from "./throttle.ts";
import { whileLocked } from "./while-locked.ts";

/**
 * The shop on one SQLite file (several shop processes may share it: WAL, busy timeout). Two connections to the file:
 * Prisma for most things, and a plain better-sqlite3 one for the hot statements (ledger movements, session checks),
 * where Prisma's 0.3–0.9 ms a query would halve the shop's throughput.
 */
export function sqliteShopStore(db: DbClient, sqlite: SqliteDatabase): ShopStore {
  return {
    ledger: {
      apply: (session, movement, now) => whileLocked(() => applyMovement(sqlite, session, movement, now)),
      page: (accountId, limit, before) => ledgerPage(db, accountId, limit, before),
    },
    sessions: {
      accountOf: (session, now) => whileLocked(() => accountOfSession(sqlite, session, now)),
      open: (accountId, now, ttlMs) => openSession(db, accountId, now, ttlMs),
      close: (session) => closeSession(db, session),
      sweepExpired: (now) => sweepExpiredSessions(db, now),
    },
    accounts: {
      create: (name, passwordHash) => createAccount(db, name, passwordHash),
      findForLogOn: (name) => findAccountForLogOn(db, name),
      list: () => listAccounts(db),
    },
    throttle: {
      beginAttempt: (name, now) => beginLogOnAttempt(db, name, now),
      forget: (name) => forgetLogOnFailures(db, name),
      sweep: (now) => sweepLogOnThrottle(db, now),
    },
    async close() {
      sqlite.close();
      await db.$disconnect();
    },
  };
}

/**
 * Opens (and migrates) the SQLite file at a `file:` URL and returns the shop's store on it, guarded against the file
 * going away or becoming unwritable while it runs (file-guard.ts); `onFileProblem` hears of it, naming the file.
 */
export function openSqliteShopStore(databaseUrl: string, onFileProblem?: FileProblemListener): ShopStore {
  // The hot connection waits for another process's lock in whileLocked(), with the event loop free.
  const store = sqliteShopStore(openDatabase(databaseUrl), openSqlite(databaseUrl, { busyTimeoutMs: 5 }));
  return guardDatabaseFile(store, sqliteFileOf(databaseUrl), onFileProblem);
}
