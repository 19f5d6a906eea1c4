import { openDatabase, openSqlite, sqliteFileOf, type DbClient, type SqliteDatabase } from "@switchboard/db";
import type { ShopStore } from "../store.ts";
import { createAccount, findAccountForLogOn, ledgerPage, listAccounts } from "./accounts.ts";
import { applyMovement } from "./ledger.ts";
import { guardDatabaseFile, type FileProblemListener } from "./file-guard.ts";
import { accountOfSession, closeSession, openSession, sweepExpiredSessions } from "./sessions.ts";
import { beginLogOnAttempt, forgetLogOnFailures, sweepLogOnThrottle } from "./throttle.ts";

/**
 * The shop on one SQLite file (several shop processes may share it: WAL, busy timeout). Two connections to the file:
 * Prisma for most things, and a plain better-sqlite3 one for the hot statements (ledger movements, session checks),
 * where Prisma's 0.3–0.9 ms a query would halve the shop's throughput.
 */
export function sqliteShopStore(db: DbClient, sqlite: SqliteDatabase): ShopStore {
  return {
    ledger: {
      apply: (session, movement, now) => settled(() => applyMovement(sqlite, session, movement, now)),
      page: (accountId, limit, before) => ledgerPage(db, accountId, limit, before),
    },
    sessions: {
      accountOf: (session, now) => settled(() => accountOfSession(sqlite, session, now)),
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
 * The promise of a synchronous better-sqlite3 call, which runs at once: the statement does not wait for the event
 * loop, and nothing else in this process runs between its check and its write. A throw becomes a rejection.
 */
function settled<T>(run: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(run()));
}

/**
 * Opens (and migrates) the SQLite file at a `file:` URL and returns the shop's store on it, guarded against the file
 * going away or becoming unwritable while it runs (file-guard.ts); `onFileProblem` hears of it, naming the file.
 */
export function openSqliteShopStore(databaseUrl: string, onFileProblem?: FileProblemListener): ShopStore {
  const store = sqliteShopStore(openDatabase(databaseUrl), openSqlite(databaseUrl));
  return guardDatabaseFile(store, sqliteFileOf(databaseUrl), onFileProblem);
}
