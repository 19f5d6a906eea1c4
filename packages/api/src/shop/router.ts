import { TRPCError } from "@trpc/server";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { sameSecret } from "@switchboard/core/server";
import { initService } from "@switchboard/core/server";
import type { ShopContext } from "./context.ts";
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
import { defaultSessionTtlMs } from "./sessions.ts";

const t = initService<ShopContext>();

const clock = (ctx: ShopContext) => ctx.now?.() ?? Date.now();

/**
 * The Pyro4 shop example, BuyAnythingOnline, as money software: accounts with passwords and sessions, every deposit and purchase a
 * ledger entry that moves the balance in the same statement, idempotent retries, and an operator-only account list.
 */
export const shopRouter = t.router({
  name: t.procedure.query(() => "BuyAnythingOnline"),

  /** Opens a new account and logs it on. */
  signUp: t.procedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const passwordHash = await hashPassword(input.password);
    const account = await ctx.store.accounts.create(input.name, passwordHash);
    if (!account) throw new TRPCError({ code: "CONFLICT", message: `account name already taken: ${input.name}` });
    ctx.log?.info({ account: account.name }, "signup");
    const session = await ctx.store.sessions.open(account.id, clock(ctx), ctx.sessionTtlMs ?? defaultSessionTtlMs);
    return { ...session, name: account.name, balanceCents: account.balanceCents };
  }),

  /** Checks the password and returns a new session token. One answer for a wrong password and an unknown name. */
  logOn: t.procedure.input(logOnInput).mutation(async ({ ctx, input }) => {
    const now = clock(ctx);
    const attempt = await ctx.store.throttle.beginAttempt(input.name, now);
    if (!attempt.allowed) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `too many failed log-ons for this name: try again in ${Math.ceil(attempt.retryAfterMs / 1000)} s`,
      });
    }
    const account = await ctx.store.accounts.findForLogOn(input.name);
    const valid = account
      ? await verifyPassword(input.password, account.passwordHash)
      : await spendPasswordCheckTime(input.password);
    if (!account || !valid) {
      ctx.log?.info({ account: input.name }, "logon refused");
      await ctx.store.throttle.sweep(now);
      throw new TRPCError({ code: "UNAUTHORIZED", message: "wrong account name or password" });
    }
    await ctx.store.throttle.forget(account.name);
    await ctx.store.sessions.sweepExpired(now);
    const session = await ctx.store.sessions.open(account.id, now, ctx.sessionTtlMs ?? defaultSessionTtlMs);
    return { ...session, name: account.name, balanceCents: account.balanceCents };
  }),

  /** Ends the session: its token is refused from now on. */
  logOut: t.procedure.input(sessionInput).mutation(async ({ ctx, input }) => {
    const account = await ctx.store.sessions.accountOf(input.session, clock(ctx));
    await ctx.store.sessions.close(input.session);
    ctx.log?.info({ account: account.name }, "logout");
    return { name: account.name };
  }),

  balance: t.procedure.input(sessionInput).query(async ({ ctx, input }) => {
    const { name, balanceCents } = await ctx.store.sessions.accountOf(input.session, clock(ctx));
    return { name, balanceCents };
  }),

  /** Adds `amountCents`; a retry with the same `idempotencyKey` is applied once and answers the first result. */
  deposit: t.procedure
    .meta({ idempotent: { key: "idempotencyKey" } })
    .input(depositInput)
    .mutation(({ ctx, input }) =>
      ctx.store.ledger.apply(
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
      ctx.store.ledger.apply(
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
    const account = await ctx.store.sessions.accountOf(input.session, clock(ctx));
    // One entry more than the page, to know whether there is a next one.
    const rows = await ctx.store.ledger.page(account.id, input.limit + 1, input.before);
    const page = rows.slice(0, input.limit);
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
    return ctx.store.accounts.list();
  }),
});

export type ShopRouter = typeof shopRouter;
export type ShopInputs = inferRouterInputs<ShopRouter>;
export type ShopOutputs = inferRouterOutputs<ShopRouter>;
