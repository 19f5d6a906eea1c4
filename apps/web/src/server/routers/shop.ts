import type { ShopRouter } from "@switchboard/api/client";
import {
  buyInput,
  depositInput,
  idempotencyKeySchema,
  logOnInput,
  operatorInput,
  signUpInput,
  statementInput,
} from "@switchboard/api/shop-schema";
import { TRPCError } from "@trpc/server";
import { callService } from "../call-service.ts";
import { webServices } from "../switchboard.ts";
import { t } from "../trpc.ts";

function shop() {
  const { env, switchboard } = webServices();
  return { ref: { label: "shop", name: env.SHOP_NAME }, client: switchboard.connect<ShopRouter>(env.SHOP_NAME) };
}

/** Procedures that act on the logged-on account: the session comes from the HttpOnly cookie, never from the page. */
const withSession = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "log on first" });
  return next({ ctx: { session: ctx.session } });
});

// The shop's own input schemas, without the session (it comes from the cookie). The page always sends an
// idempotency key, so here it is required.
const withoutSession = { session: true } as const;
const keyed = { idempotencyKey: idempotencyKeySchema };

/** The shop for a browser: the same procedures, with the session kept in a cookie by this server. */
export const shopRouter = t.router({
  /** The logged-on account, or null. A session the shop no longer accepts clears the cookie. */
  account: t.procedure.query(async ({ ctx }) => {
    if (!ctx.session) return null;
    const { ref, client } = shop();
    try {
      return await callService(ref, () => client.balance.query({ session: ctx.session ?? "" }));
    } catch (error) {
      if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
        ctx.clearSession();
        return null;
      }
      throw error;
    }
  }),

  signUp: t.procedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const { ref, client } = shop();
    const opened = await callService(ref, () => client.signUp.mutate(input));
    ctx.setSession(opened.session, opened.expiresAt);
    return { name: opened.name, balanceCents: opened.balanceCents };
  }),

  logOn: t.procedure.input(logOnInput).mutation(async ({ ctx, input }) => {
    const { ref, client } = shop();
    const opened = await callService(ref, () => client.logOn.mutate(input));
    ctx.setSession(opened.session, opened.expiresAt);
    return { name: opened.name, balanceCents: opened.balanceCents };
  }),

  logOut: withSession.mutation(async ({ ctx }) => {
    const { ref, client } = shop();
    ctx.clearSession();
    // An already-ended session is logged out too.
    await callService(ref, () => client.logOut.mutate({ session: ctx.session })).catch((error: unknown) => {
      if (!(error instanceof TRPCError && error.code === "UNAUTHORIZED")) throw error;
    });
    return { ok: true };
  }),

  deposit: withSession.input(depositInput.omit(withoutSession).extend(keyed)).mutation(({ ctx, input }) => {
    const { ref, client } = shop();
    return callService(ref, () => client.deposit.mutate({ session: ctx.session, ...input }));
  }),

  buy: withSession.input(buyInput.omit(withoutSession).extend(keyed)).mutation(({ ctx, input }) => {
    const { ref, client } = shop();
    return callService(ref, () => client.buy.mutate({ session: ctx.session, ...input }));
  }),

  statement: withSession.input(statementInput.pick({ before: true })).query(({ ctx, input }) => {
    const { ref, client } = shop();
    return callService(ref, () => client.statement.query({ session: ctx.session, limit: 10, ...input }));
  }),

  /** The operator view: the token is typed into the page and passed through, never stored. */
  allAccounts: t.procedure.input(operatorInput).query(({ input }) => {
    const { ref, client } = shop();
    return callService(ref, () => client.allAccounts.query(input));
  }),
});
