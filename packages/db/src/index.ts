export { openDatabase, type DbClient } from "./client.ts";
export { databaseUrlFor, defaultDatabaseUrl, resolveDataDir, sqliteFileOf, sqliteUrlSchema } from "./config.ts";
export { applyMigrations } from "./migrate.ts";
export { Prisma } from "./generated/prisma/client.ts";
export { openSqlite, prepared, type SqliteDatabase } from "./sqlite.ts";
