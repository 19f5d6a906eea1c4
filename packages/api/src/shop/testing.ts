// The shop's stores on real databases, for tests: a fresh SQLite file, or a fresh database on a throwaway PostgreSQL
// cluster (started on first use, one per test file, stopped by `stopTestDatabases`). The same suite runs on both.
import { openPostgres } from "@switchboard/db";
import { openTestDatabase } from "@switchboard/db/testing";
import { startPostgres, type PostgresCluster } from "../../../../scripts/lib/postgres.ts";
import { postgresShopStore } from "./postgres/store.ts";
import { sqliteShopStore } from "./sqlite/store.ts";
import type { ShopStore } from "./store.ts";

/** A fresh, migrated, empty shop database. */
export interface TestShopDatabase {
  store: ShopStore;
  /** Another store on the same database, with its own connections: what a second shop process would have. */
  secondStore: () => Promise<ShopStore>;
  /** Plain SQL on the database, as a script or Prisma Studio would write it (double-quoted names work on both). */
  sql: <Row>(text: string) => Promise<Row[]>;
}

export interface TestBackend {
  name: "SQLite" | "PostgreSQL";
  open(): Promise<TestShopDatabase>;
}

const openedStores: ShopStore[] = [];
const remember = (store: ShopStore) => (openedStores.push(store), store);

export const sqliteBackend: TestBackend = {
  name: "SQLite",
  open() {
    const { db, sqlite, url } = openTestDatabase();
    return Promise.resolve({
      store: remember(sqliteShopStore(db, sqlite)),
      secondStore: () => {
        const second = openTestDatabase(url);
        return Promise.resolve(remember(sqliteShopStore(second.db, second.sqlite)));
      },
      sql: <Row>(text: string) => Promise.resolve(sqlite.prepare(text).all() as Row[]),
    });
  },
};

let cluster: Promise<PostgresCluster> | undefined;
const templateDatabase = "shop_template";

export const postgresBackend: TestBackend = {
  name: "PostgreSQL",
  async open() {
    const url = await (await postgresCluster()).createDatabase(undefined, { template: templateDatabase });
    const database = await openPostgres(url);
    return {
      store: remember(postgresShopStore(database)),
      secondStore: async () => remember(postgresShopStore(await openPostgres(url))),
      sql: async <Row>(text: string) => (await database.pool.query(text)).rows as Row[],
    };
  },
};

export const testBackends: TestBackend[] = [sqliteBackend, postgresBackend];

/** The cluster, with a migrated template database that each test's database is copied from (a file copy, fast). */
function postgresCluster(): Promise<PostgresCluster> {
  cluster ??= (async () => {
    const started = await startPostgres({ fast: true });
    const template = await openPostgres(await started.createDatabase(templateDatabase));
    await template.close();
    return started;
  })();
  return cluster;
}

/** Closes every store opened so far (after each test: a PostgreSQL pool holds up to 10 connections). */
export async function closeTestStores(): Promise<void> {
  await Promise.all(openedStores.splice(0).map((store) => store.close()));
}

/** Stops the PostgreSQL cluster, if one was started (after all tests of a file). */
export async function stopTestDatabases(): Promise<void> {
  await closeTestStores();
  const started = cluster;
  cluster = undefined;
  if (started) await (await started).stop();
}
