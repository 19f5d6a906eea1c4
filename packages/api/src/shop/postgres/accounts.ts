import { Prisma, type PostgresDbClient } from "@switchboard/db";
import type { SessionAccount } from "../sessions.ts";

// The same Prisma calls as sqlite/accounts.ts, on the PostgreSQL client (a separate generated client: Prisma types
// each provider's client on its own, so the two cannot share one function).

const sessionAccount = { id: true, name: true, balanceCents: true } as const;

/** Opens an account with a zero balance, or `undefined` if the name is taken (the unique index decides, not a read). */
export async function createAccount(
  db: PostgresDbClient,
  name: string,
  passwordHash: string,
): Promise<SessionAccount | undefined> {
  return db.account.create({ data: { name, passwordHash }, select: sessionAccount }).catch((error: unknown) => {
    // Both providers' clients throw the error class of Prisma's one runtime.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return undefined;
    throw error;
  });
}

export async function findAccountForLogOn(db: PostgresDbClient, name: string) {
  return (
    (await db.account.findUnique({ where: { name }, select: { ...sessionAccount, passwordHash: true } })) ?? undefined
  );
}

export function listAccounts(db: PostgresDbClient): Promise<Array<{ name: string; balanceCents: number }>> {
  return db.account.findMany({ select: { name: true, balanceCents: true }, orderBy: { name: "asc" } });
}
