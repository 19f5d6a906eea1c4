import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// The Prisma CLI's schema engine (migrate deploy / status / diff, db pull) on PostgreSQL with `engine: "js"` goes
// through @prisma/adapter-pg, and with 6.19.3 it fails in two ways, worked around here (for the CLI only; the shop's
// own pool does not need this):
// - "Column type 'name' could not be deserialized from the database" (prisma/orm#27403): the engine reads catalog
//   columns of the types `name` and `"char"`, which the adapter does not map. Their values already arrive as text,
//   so the columns are reported as text.
// - `executeScript` splits a migration at every `;`, which cuts PL/pgSQL bodies (the ledger triggers) apart. The
//   script is sent whole instead: without parameters pg uses the simple query protocol, which runs many statements.

const catalogTextTypes = new Set([18 /* "char" */, 19 /* name */]);
const textType = 25;

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** A driver adapter factory for prisma.postgres.config.ts that the schema engine can use. */
export function schemaEngineAdapter(connectionString: string): PrismaPg {
  // Let the CLI exit as soon as it is done, instead of keeping idle connections for pg's default 10 s.
  const pool = new pg.Pool({ connectionString, allowExitOnIdle: true, Client: CatalogAsTextClient });
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => runsScriptsWhole(await connect());
  factory.connectToShadowDb = async () => runsScriptsWhole(await connectToShadowDb());
  return factory;
}

function runsScriptsWhole(adapter: Adapter): Adapter {
  // executeRaw converts errors the way the engine expects; with no arguments it is one simple-protocol query.
  adapter.executeScript = async (script: string) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/** A pg client whose results describe `name` and `"char"` columns as text. */
class CatalogAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    // pg-pool calls query with a callback; the adapter's transactions call it for a promise. Cover both.
    this.query = ((...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === "function") {
        args[args.length - 1] = (error: unknown, result: unknown) => {
          if (!error) describeCatalogColumnsAsText(result);
          (callback as (error: unknown, result: unknown) => void)(error, result);
        };
        return query(...args);
      }
      const returned = query(...args);
      return returned instanceof Promise
        ? (returned as Promise<unknown>).then((result) => describeCatalogColumnsAsText(result))
        : returned;
    }) as typeof this.query;
  }
}

function describeCatalogColumnsAsText<T>(result: T): T {
  for (const field of (result as { fields?: Array<{ dataTypeID: number }> } | undefined)?.fields ?? []) {
    if (catalogTextTypes.has(field.dataTypeID)) field.dataTypeID = textType;
  }
  return result;
}
