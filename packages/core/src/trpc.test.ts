import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { errorOutcome } from "./server/procedures.ts";
import { initService } from "./trpc.ts";

const t = initService<object>();
const router = t.router({
  echo: t.procedure.input(z.object({ count: z.number().int("count must be whole") })).query(({ input }) => input.count),
  crash: t.procedure.query(() => {
    throw new Error("Invalid `db.registration.deleteMany()` invocation in /srv/app/prisma-store.ts:64:47");
  }),
  fail: t.procedure.query(() => {
    throw new TRPCError({ code: "CONFLICT", message: "taken" });
  }),
});

describe("the shared error formatter", () => {
  it("turns a zod failure into a readable message plus the flattened zod error", async () => {
    const error = await router
      .createCaller({})
      .echo({ count: 1.5 })
      .catch((caught: unknown) => caught);
    const { error: shape } = errorOutcome(router, error, {
      type: "query",
      path: "echo",
      input: { count: 1.5 },
      ctx: {},
    });
    expect(shape.message).toBe("count: count must be whole");
    expect(shape.data).toMatchObject({
      code: "BAD_REQUEST",
      httpStatus: 400,
      path: "echo",
      zodError: { formErrors: [], fieldErrors: { count: ["count must be whole"] } },
    });
  });

  it("keeps domain errors as they are, with no zod error and no stack trace", async () => {
    const error = await router
      .createCaller({})
      .fail()
      .catch((caught: unknown) => caught);
    const { error: shape } = errorOutcome(router, error, { type: "query", path: "fail", input: undefined, ctx: {} });
    expect(shape).toEqual({
      message: "taken",
      code: -32009,
      data: { code: "CONFLICT", httpStatus: 409, path: "fail", zodError: null },
    });
  });

  it("sends 'internal server error' instead of an unexpected error's own message", async () => {
    const error = await router
      .createCaller({})
      .crash()
      .catch((caught: unknown) => caught);
    const { error: shape } = errorOutcome(router, error, { type: "query", path: "crash", input: undefined, ctx: {} });
    expect(shape).toEqual({
      message: "internal server error",
      code: -32603,
      data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: "crash", zodError: null },
    });
  });
});
