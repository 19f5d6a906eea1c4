import { openPostgres, type OpenPostgresOptions, type PostgresDatabase } from "@switchboard/db";
import type { ShopStore } from "../store.ts";
import { createAccount, findAccountForLogOn, listAccounts } from "./accounts.ts";
import { applyMovement, ledgerPage } from "./ledger.ts";
import { accountOfSession, closeSession, openSession, sweepExpiredSessions } from "./sessions.ts";
import { beginLogOnAttempt, forgetLogOnFailures, sweepLogOnThrottle } from "./throttle.ts";

/**
 * The shop on a PostgreSQL server that any number of shop processes share. One pool of connections: the hot path
 * (ledger movements and pages, session checks) as named statements on it, everything else through Prisma's
 * adapter-pg on the same pool. Every statement runs on its own at READ COMMITTED (autocommit); the ledger's
 * correctness comes from how its one statement is written (postgres/ledger.ts) and from the triggers.
 */
export function postgresShopStore(database: PostgresDatabase): ShopStore {
  const { prisma, pool } = database;
  return {
    ledger: {
      apply: (session, movement, now) => applyMovement(pool, session, movement, now),
      page: (accountId, limit, before) => ledgerPage(pool, accountId, limit, before),
    },
    sessions: {
      accountOf: (session, now) => accountOfSession(pool, session, now),
      open: (accountId, now, ttlMs) => openSession(prisma, accountId, now, ttlMs),
      close: (session) => closeSession(prisma, session),
      sweepExpired: (now) => sweepExpiredSessions(prisma, now),
    },
    accounts: {
      create: (name, passwordHash) => createAccount(prisma, name, passwordHash),
      findForLogOn: (name) => findAccountForLogOn(prisma, name),
      list: () => listAccounts(prisma),
    },
    throttle: {
      beginAttempt: (name, now) => beginLogOnAttempt(prisma, name, now),
      forget: (name) => forgetLogOnFailures(prisma, name),
      sweep: (now) => sweepLogOnThrottle(prisma, now),
    },
    close: () => database.close(),
  };
}

/**
 * Connects to the PostgreSQL database at a `postgres://` URL, applies pending migrations, and returns the shop's
 * store on it. Fails with @switchboard/db's DatabaseUnavailableError (its message hides the password).
 */
export async function openPostgresShopStore(databaseUrl: string, options?: OpenPostgresOptions): Promise<ShopStore> {
  return postgresShopStore(await openPostgres(databaseUrl, options));
}
