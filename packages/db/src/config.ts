import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { postgresUrlSchema } from "./postgres/url.ts";

/** The repository root, so the default data directory does not depend on the current directory. */
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Where every app keeps its SQLite file: `SWITCHBOARD_DATA_DIR`, default `.data/` at the repository root. */
export function resolveDataDir(configured: string | undefined): string {
  return path.resolve(repositoryRoot, configured ?? ".data");
}

/** A `file:` URL with an absolute path, which is what the better-sqlite3 adapter and Prisma Studio need. */
export const sqliteUrlSchema = z
  .string()
  .regex(/^file:/, "must be a SQLite URL starting with file: (for example file:/abs/path/shop.db)");

/** A database URL either provider takes: SQLite's `file:` or PostgreSQL's `postgres://` / `postgresql://`. */
export const databaseUrlSchema = z
  .string()
  .refine(
    (url) => sqliteUrlSchema.safeParse(url).success || postgresUrlSchema.safeParse(url).success,
    "must be a SQLite URL (file:/abs/path/shop.db) or a PostgreSQL URL (postgresql://user:password@host:5432/shop)",
  );

/**
 * The default database URL for one app: `<dataDir>/<app>.db`, creating the folder on first use — readable by its owner
 * only, since the shop's file holds password hashes and the folder holds the dev tokens.
 */
export function defaultDatabaseUrl(dataDir: string, app: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return `file:${path.join(dataDir, `${app}.db`)}`;
}

/** An app's database URL: the configured one, or `<app>.db` in the data directory (`SWITCHBOARD_DATA_DIR`). */
export function databaseUrlFor(
  app: string,
  configured: string | undefined,
  dataDirSetting: string | undefined,
): string {
  return configured ?? defaultDatabaseUrl(resolveDataDir(dataDirSetting), app);
}

/** The file path inside a `file:` URL. */
export function sqliteFileOf(databaseUrl: string): string {
  return sqliteUrlSchema.parse(databaseUrl).replace(/^file:(\/\/)?/, "");
}
