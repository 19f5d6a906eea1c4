import { TRPCError } from "@trpc/server";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { Prisma } from "@switchboard/db";
import { sameSecret } from "@switchboard/core/server";
import { initService } from "@switchboard/core/server";
import type { ShopContext } from "./context.ts";
import { applyMovement, entryView } from "./ledger.ts";
import { hashPassword, spendPasswordCheckTime, verifyPassword } from "./passwords.ts";
import {
  buyInput,
  depositInput,
  logOnInput,
  operatorInput,
  sessionInput,
  signUpInput,
  statementInput,
} from "./schema.ts";
import { accountOfSession, closeSession, defaultSessionTtlMs, openSession, sweepExpiredSessions } from "./sessions.ts";
import { beginLogOnAttempt, forgetLogOnFailures, sweepLogOnThrottle } from "./throttle.ts";

const t = initService<ShopContext>();

const clock = (ctx: ShopContext) => ctx.now?.() ?? Date.now();

/**
 * Seed 000's BuyAnythingOnline as money software: accounts with passwords and sessions, every deposit and purchase a
 * ledger entry that moves the balance in the same statement, idempotent retries, and an operator-only account list.
 */
export const shopRouter = t.router({
  name: t.procedure.query(() => "BuyAnythingOnline"),

  /** Opens a new account and logs it on. */
  signUp: t.procedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const passwordHash = await hashPassword(input.password);
    const account = await ctx.db.account
      .create({ data: { name: input.name, passwordHash }, select: { id: true, name: true, balanceCents: true } })
      .catch((error: unknown) => {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          throw new TRPCError({ code: "CONFLICT", message: `account name already taken: ${input.name}` });
        }
        throw error;
      });
    ctx.log?.("signup", { account: account.name });
    const session = await openSession(ctx.db, account.id, clock(ctx), ctx.sessionTtlMs ?? defaultSessionTtlMs);
    return { ...session, name: account.name, balanceCents: account.balanceCents };
  }),

  /** Checks the password and returns a new session token. One answer for a wrong password and an unknown name. */
  logOn: t.procedure.input(logOnInput).mutation(async ({ ctx, input }) => {
    const now = clock(ctx);
    const attempt = await beginLogOnAttempt(ctx.db, input.name, now);
    if (!attempt.allowed) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `too many failed log-ons for this name: try again in ${Math.ceil(attempt.retryAfterMs / 1000)} s`,
      });
    }
    const account = await ctx.db.account.findUnique({
      where: { name: input.name },
      select: { id: true, name: true, balanceCents: true, passwordHash: true },
    });
    const valid = account
      ? await verifyPassword(input.password, account.passwordHash)
      : await spendPasswordCheckTime(input.password);
    if (!account || !valid) {
      ctx.log?.("logon refused", { account: input.name });
      await sweepLogOnThrottle(ctx.db, now);
      throw new TRPCError({ code: "UNAUTHORIZED", message: "wrong account name or password" });
    }
    await forgetLogOnFailures(ctx.db, account.name);
    await sweepExpiredSessions(ctx.db, now);
    const session = await openSession(ctx.db, account.id, now, ctx.sessionTtlMs ?? defaultSessionTtlMs);
    return { ...session, name: account.name, balanceCents: account.balanceCents };
  }),

  /** Ends the session: its token is refused from now on. */
  logOut: t.procedure.input(sessionInput).mutation(async ({ ctx, input }) => {
    const account = accountOfSession(ctx.sqlite, input.session, clock(ctx));
    await closeSession(ctx.db, input.session);
    ctx.log?.("logout", { account: account.name });
    return { name: account.name };
  }),

  balance: t.procedure.input(sessionInput).query(({ ctx, input }) => {
    const { name, balanceCents } = accountOfSession(ctx.sqlite, input.session, clock(ctx));
    return { name, balanceCents };
  }),

  /** Adds `amountCents`; a retry with the same `idempotencyKey` is applied once and answers the first result. */
  deposit: t.procedure
    .meta({ idempotent: { key: "idempotencyKey" } })
    .input(depositInput)
    .mutation(({ ctx, input }) =>
      applyMovement(
        ctx.sqlite,
        input.session,
        { kind: "deposit", amountCents: input.amountCents, item: null, idempotencyKey: input.idempotencyKey ?? null },
        clock(ctx),
      ),
    ),

  /** Pays `priceCents` for `item` only if the balance covers it (checked and written in one statement). */
  buy: t.procedure
    .meta({ idempotent: { key: "idempotencyKey" } })
    .input(buyInput)
    .mutation(({ ctx, input }) =>
      applyMovement(
        ctx.sqlite,
        input.session,
        {
          kind: "purchase",
          amountCents: input.priceCents,
          item: input.item,
          idempotencyKey: input.idempotencyKey ?? null,
        },
        clock(ctx),
      ),
    ),

  /** The account's ledger, newest first, one page at a time: pass `nextBefore` as `before` for the next page. */
  statement: t.procedure.input(statementInput).query(async ({ ctx, input }) => {
    const account = accountOfSession(ctx.sqlite, input.session, clock(ctx));
    const rows = await ctx.db.ledgerEntry.findMany({
      where: { accountId: account.id, ...(input.before === undefined ? {} : { id: { lt: input.before } }) },
      orderBy: { id: "desc" },
      take: input.limit + 1,
    });
    const page = rows.slice(0, input.limit).map(entryView);
    return {
      name: account.name,
      balanceCents: account.balanceCents,
      entries: page,
      nextBefore: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }),

  /** Every account and its balance, by name: the operator's view, behind the operator token. */
  allAccounts: t.procedure.input(operatorInput).query(({ ctx, input }) => {
    if (!ctx.operatorToken) {
      throw new TRPCError({ code: "FORBIDDEN", message: "the operator view is off: no operator token is configured" });
    }
    if (!sameSecret(input.operatorToken, ctx.operatorToken)) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "wrong operator token" });
    }
    return ctx.db.account.findMany({ select: { name: true, balanceCents: true }, orderBy: { name: "asc" } });
  }),
});

export type ShopRouter = typeof shopRouter;
export type ShopInputs = inferRouterInputs<ShopRouter>;
export type ShopOutputs = inferRouterOutputs<ShopRouter>;
