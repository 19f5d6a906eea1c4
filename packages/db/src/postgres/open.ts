import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-postgres/client.ts";
import { applyPostgresMigrations } from "./migrate.ts";
import { redactedUrl } from "./url.ts";

export type PostgresDbClient = PostgresPrismaClient;
export type PostgresPool = pg.Pool;

/** One PostgreSQL database: a pool of connections, shared by Prisma and by the hot path's prepared statements. */
export interface PostgresDatabase {
  /** Prisma on the pool (through @prisma/adapter-pg), for everything but the hot path. */
  prisma: PostgresDbClient;
  /** The pool itself, for the hot statements (named, so each connection prepares them once). */
  pool: PostgresPool;
  /** Closes Prisma and every connection. */
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before giving up (default 10 s). */
  connectTimeoutMs?: number;
  /** An idle connection broke (server restart, network): the pool drops it and opens another when needed. */
  onIdleConnectionError?: (error: Error) => void;
}

/** The database could not be opened: unreachable, refused the log-on, does not exist, or a migration failed. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/**
 * Opens the PostgreSQL database at `databaseUrl`: connects, applies pending migrations (under an advisory lock, so
 * processes starting together do not race), and returns Prisma and the pool. Fails with a DatabaseUnavailableError
 * whose message names the URL without its password, and leaves nothing open behind it.
 */
export async function openPostgres(databaseUrl: string, options: OpenPostgresOptions = {}): Promise<PostgresDatabase> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // Without a listener, a broken idle connection would be an uncaught error that ends the process.
  pool.on("error", (error) => options.onIdleConnectionError?.(error));
  try {
    await applyPostgresMigrations(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`cannot open ${redactedUrl(databaseUrl)}: ${reasonOf(error)}`, { cause: error });
  }
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** What went wrong, in words: pg's message (never holding the password), or each address's for a failed connect. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(reasonOf).join("; ");
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return error.message || (typeof code === "string" ? code : error.name);
  }
  return String(error);
}
