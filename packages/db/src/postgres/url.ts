import { z } from "zod";

/** A PostgreSQL URL, as pg and Prisma take it: `postgres://user:password@host:port/database` (or `postgresql://`). */
export const postgresUrlSchema = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/[^/]+\/[^/?#]+/,
    "must be a PostgreSQL URL such as postgresql://user:password@host:5432/shop",
  );

/** Whether a database URL names PostgreSQL (otherwise it is a SQLite `file:` URL). */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/**
 * The URL with its password replaced by `***`, for messages and logs: the URL is configuration, the password a
 * secret. Errs on the side of hiding: everything up to the last `@` counts as user and password (a password may hold
 * characters a URL parser refuses), and a `password=` parameter is hidden too.
 */
export function redactedUrl(databaseUrl: string): string {
  const withoutQueryPassword = databaseUrl.replace(/([?&]password=)[^&#]*/gi, "$1***");
  const match = /^(postgres(?:ql)?:\/\/)(.*)@([^@]*)$/.exec(withoutQueryPassword);
  if (!match) return withoutQueryPassword;
  const [, scheme, userInfo = "", rest] = match;
  const user = userInfo.split(":")[0];
  return `${scheme}${user}${userInfo.includes(":") ? ":***" : ""}@${rest}`;
}
