import { databaseUrlFor, databaseUrlSchema } from "@switchboard/db";
import { z } from "zod";

const studioEnvSchema = z.object({
  /**
   * The shop's database, as the shop itself resolves it: SHOP_DATABASE_URL (a SQLite `file:` URL or a PostgreSQL
   * `postgres://` one), or shop.db in the data directory.
   */
  SHOP_DATABASE_URL: databaseUrlSchema,
  STUDIO_PORT: z.coerce.number().int().min(1).max(65_535).default(5555),
});

export function loadStudioEnv(source: NodeJS.ProcessEnv = process.env) {
  const parsed = studioEnvSchema.safeParse({
    ...source,
    SHOP_DATABASE_URL: databaseUrlFor("shop", source.SHOP_DATABASE_URL, source.SWITCHBOARD_DATA_DIR),
  });
  if (!parsed.success) throw new Error(`invalid environment: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The Studio process's environment: ours, with Prisma's update check off (these machines have no internet) and the
 * database URL where prisma.config.ts reads it.
 */
export function studioProcessEnv(databaseUrl: string, source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...source, CHECKPOINT_DISABLE: "1", STUDIO_DATABASE_URL: databaseUrl };
}
