import { Prisma, type DbClient } from "@switchboard/db";
import { entryView, type LedgerEntryView } from "../ledger.ts";
import type { SessionAccount } from "../sessions.ts";

const sessionAccount = { id: true, name: true, balanceCents: true } satisfies Prisma.AccountSelect;

/** Opens an account with a zero balance, or `undefined` if the name is taken (the unique index decides, not a read). */
export async function createAccount(
  db: DbClient,
  name: string,
  passwordHash: string,
): Promise<SessionAccount | undefined> {
  return db.account.create({ data: { name, passwordHash }, select: sessionAccount }).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return undefined;
    throw error;
  });
}

export async function findAccountForLogOn(db: DbClient, name: string) {
  return (
    (await db.account.findUnique({ where: { name }, select: { ...sessionAccount, passwordHash: true } })) ?? undefined
  );
}

export function listAccounts(db: DbClient): Promise<Array<{ name: string; balanceCents: number }>> {
  return db.account.findMany({ select: { name: true, balanceCents: true }, orderBy: { name: "asc" } });
}

export async function ledgerPage(
  db: DbClient,
  accountId: number,
  limit: number,
  before: number | undefined,
): Promise<LedgerEntryView[]> {
  const rows = await db.ledgerEntry.findMany({
    where: { accountId, ...(before === undefined ? {} : { id: { lt: before } }) },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map(entryView);
}
