import type { ShopRouter } from "@switchboard/api/client";
import {
  accountNameSchema,
  amountCentsSchema,
  idempotencyKeySchema,
  newPasswordSchema,
} from "@switchboard/api/shop-schema";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
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

const credentials = z.object({
  name: accountNameSchema,
  password: z.string().min(1, "password must not be empty").max(256),
});

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

  signUp: t.procedure
    .input(z.object({ name: accountNameSchema, password: newPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const { ref, client } = shop();
      const opened = await callService(ref, () => client.signUp.mutate(input));
      ctx.setSession(opened.session, opened.expiresAt);
      return { name: opened.name, balanceCents: opened.balanceCents };
    }),

  logOn: t.procedure.input(credentials).mutation(async ({ ctx, input }) => {
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

  deposit: withSession
    .input(z.object({ amountCents: amountCentsSchema, idempotencyKey: idempotencyKeySchema }))
    .mutation(({ ctx, input }) => {
      const { ref, client } = shop();
      return callService(ref, () => client.deposit.mutate({ session: ctx.session, ...input }));
    }),

  buy: withSession
    .input(
      z.object({
        priceCents: amountCentsSchema,
        item: z.string().trim().min(1, "item must not be empty").max(200, "item must be at most 200 characters"),
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .mutation(({ ctx, input }) => {
      const { ref, client } = shop();
      return callService(ref, () => client.buy.mutate({ session: ctx.session, ...input }));
    }),

  statement: withSession.input(z.object({ before: z.number().int().positive().optional() })).query(({ ctx, input }) => {
    const { ref, client } = shop();
    return callService(ref, () => client.statement.query({ session: ctx.session, limit: 10, ...input }));
  }),

  /** The operator view: the token is typed into the page and passed through, never stored. */
  allAccounts: t.procedure
    .input(z.object({ operatorToken: z.string().min(1, "operator token must not be empty").max(256) }))
    .query(({ input }) => {
      const { ref, client } = shop();
      return callService(ref, () => client.allAccounts.query(input));
    }),
});
