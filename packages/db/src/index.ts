export { openDatabase, type DbClient } from "./client.ts";
export {
  databaseUrlFor,
  databaseUrlSchema,
  defaultDatabaseUrl,
  resolveDataDir,
  sqliteFileOf,
  sqliteUrlSchema,
} from "./config.ts";
export { type Durability } from "./durability.ts";
export { applyMigrations } from "./migrate.ts";
export { Prisma } from "./generated/prisma/client.ts";
export { openSqlite, prepared, type SqliteDatabase } from "./sqlite.ts";
export { applyPostgresMigrations } from "./postgres/migrate.ts";
export {
  DatabaseUnavailableError,
  openPostgres,
  type OpenPostgresOptions,
  type PostgresDatabase,
  type PostgresDbClient,
  type PostgresPool,
} from "./postgres/open.ts";
export { isPostgresUrl, postgresUrlSchema, redactedUrl } from "./postgres/url.ts";
