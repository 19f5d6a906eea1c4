import { TRPCError } from "@trpc/server";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { Prisma } from "@switchboard/db";
import { initService } from "../trpc.ts";
import type { ShopContext } from "./context.ts";
import { formatCents } from "./money.ts";
import { accountInput, buyInput, depositInput, maxBalanceCents } from "./schema.ts";

const t = initService<ShopContext>();

const accountSelect = { name: true, balanceCents: true } satisfies Prisma.AccountSelect;

/** Seed 000's BuyAnythingOnline, with its bugs fixed: money is integer cents and a purchase cannot overdraw. */
export const shopRouter = t.router({
  name: t.procedure.query(() => "BuyAnythingOnline"),

  /** Opens the account, creating it on first use. Logging on again keeps the balance (the seed wiped it). */
  logOn: t.procedure.input(accountInput).mutation(({ ctx, input }) =>
    ctx.db.account.upsert({
      where: { name: input.name },
      create: { name: input.name },
      update: {},
      select: accountSelect,
    }),
  ),

  logOut: t.procedure.input(accountInput).mutation(async ({ ctx, input }) => {
    await findAccount(ctx, input.name);
    ctx.log?.("logout", { account: input.name });
    return { name: input.name };
  }),

  deposit: t.procedure.input(depositInput).mutation(async ({ ctx, input }) => {
    // One conditional UPDATE: concurrent deposits never lose each other, and the balance stays within bounds.
    const updated = await updateWhere(ctx, {
      where: { name: input.name, balanceCents: { lte: maxBalanceCents - input.amountCents } },
      data: { balanceCents: { increment: input.amountCents } },
    });
    if (!updated) {
      const account = await findAccount(ctx, input.name);
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `balance limit: balance ${formatCents(account.balanceCents)} + deposit ${formatCents(input.amountCents)} exceeds ${formatCents(maxBalanceCents)}`,
      });
    }
    return updated;
  }),

  balance: t.procedure.input(accountInput).query(({ ctx, input }) => findAccount(ctx, input.name)),

  /** Pays `priceCents` only if the balance covers it, in one conditional UPDATE (not read-then-write). */
  buy: t.procedure.input(buyInput).mutation(async ({ ctx, input }) => {
    const updated = await updateWhere(ctx, {
      where: { name: input.name, balanceCents: { gte: input.priceCents } },
      data: { balanceCents: { decrement: input.priceCents } },
    });
    if (!updated) {
      const account = await findAccount(ctx, input.name);
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `insufficient funds: balance ${formatCents(account.balanceCents)}, price ${formatCents(input.priceCents)}`,
      });
    }
    return updated;
  }),

  allAccounts: t.procedure.query(({ ctx }) =>
    ctx.db.account.findMany({ select: accountSelect, orderBy: { name: "asc" } }),
  ),
});

/**
 * One conditional `UPDATE … RETURNING`: the account row changes only if `where` still holds at write time, and the
 * new balance comes back from the same statement. Returns null when no row matched (unknown name or condition false).
 */
async function updateWhere(
  ctx: ShopContext,
  args: { where: Prisma.AccountWhereUniqueInput; data: Prisma.AccountUpdateInput },
) {
  try {
    return await ctx.db.account.update({ ...args, select: accountSelect });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
    throw error;
  }
}

async function findAccount(ctx: ShopContext, name: string) {
  const account = await ctx.db.account.findUnique({ where: { name }, select: accountSelect });
  if (!account) throw new TRPCError({ code: "NOT_FOUND", message: `unknown account: ${name}` });
  return account;
}

export type ShopRouter = typeof shopRouter;
export type ShopInputs = inferRouterInputs<ShopRouter>;
export type ShopOutputs = inferRouterOutputs<ShopRouter>;
