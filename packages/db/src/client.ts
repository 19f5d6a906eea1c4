import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFileOf } from "./config.ts";
import { defaultDurability, synchronousPragma, type Durability } from "./durability.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations } from "./migrate.ts";

export type DbClient = PrismaClient;

/** Prisma's better-sqlite3 adapter, with `synchronous` set on its connection before the first query. */
class SqliteAdapterFactory extends PrismaBetterSQLite3 {
  constructor(
    file: string,
    private readonly durability: Durability,
  ) {
    // A busy timeout lets two processes that share the file wait for each other's write lock instead of failing.
    super({ url: `file:${file}`, timeout: 10_000 });
  }

  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(synchronousPragma(this.durability));
    return adapter;
  }
}

/**
 * Opens the database at `databaseUrl`: applies pending migrations, then returns a Prisma client on the
 * better-sqlite3 driver adapter, committing with `durability` (default FULL). Call it once per process and share
 * the client.
 */
export function openDatabase(databaseUrl: string, durability: Durability = defaultDurability): DbClient {
  const file = sqliteFileOf(databaseUrl);
  applyMigrations(file);
  return new PrismaClient({ adapter: new SqliteAdapterFactory(file, durability) });
}
