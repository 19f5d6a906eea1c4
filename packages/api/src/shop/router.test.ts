import { openTestDatabase } from "@switchboard/db/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { shopRouter } from "./router.ts";
import { maxAmountCents, maxBalanceCents } from "./schema.ts";

function openShop() {
  const { db } = openTestDatabase();
  const events: Array<{ event: string; fields: Record<string, unknown> }> = [];
  const caller = shopRouter.createCaller({ db, log: (event, fields) => events.push({ event, fields }) });
  return { db, caller, events };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error instanceof TRPCError ? error.code : undefined;
}

describe("shop router", () => {
  it("is called BuyAnythingOnline", async () => {
    expect(await openShop().caller.name()).toBe("BuyAnythingOnline");
  });

  it("creates an account on first logOn and keeps its balance on the next (the seed wiped it)", async () => {
    const { caller } = openShop();
    expect(await caller.logOn({ name: "Meeta" })).toEqual({ name: "Meeta", balanceCents: 0 });
    await caller.deposit({ name: "Meeta", amountCents: 5_000 });
    expect(await caller.logOn({ name: "Meeta" })).toEqual({ name: "Meeta", balanceCents: 5_000 });
  });

  it("trims account names, so ' Meeta ' is Meeta", async () => {
    const { caller } = openShop();
    await caller.logOn({ name: " Meeta " });
    expect(await caller.balance({ name: "Meeta" })).toEqual({ name: "Meeta", balanceCents: 0 });
  });

  it("deposits and buys in integer cents and returns the new balance", async () => {
    const { caller } = openShop();
    await caller.logOn({ name: "Rashmi" });
    expect(await caller.deposit({ name: "Rashmi", amountCents: 10_000 })).toEqual({
      name: "Rashmi",
      balanceCents: 10_000,
    });
    expect(await caller.buy({ name: "Rashmi", priceCents: 3_700 })).toEqual({ name: "Rashmi", balanceCents: 6_300 });
  });

  it("refuses a purchase the balance does not cover, and changes nothing", async () => {
    const { caller } = openShop();
    await caller.logOn({ name: "John" });
    await caller.deposit({ name: "John", amountCents: 1_200 });
    await expect(caller.buy({ name: "John", priceCents: 3_700 })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "insufficient funds: balance 12.00, price 37.00",
    });
    expect(await caller.balance({ name: "John" })).toEqual({ name: "John", balanceCents: 1_200 });
  });

  it("never overdraws under concurrent purchases: 50 buys of 10.00 against 100.00 → exactly 10 succeed", async () => {
    const { caller } = openShop();
    await caller.logOn({ name: "Ken" });
    await caller.deposit({ name: "Ken", amountCents: 10_000 });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => caller.buy({ name: "Ken", priceCents: 1_000 })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    expect(await caller.balance({ name: "Ken" })).toEqual({ name: "Ken", balanceCents: 0 });
  });

  it("loses no deposit under concurrency", async () => {
    const { caller } = openShop();
    await caller.logOn({ name: "Ken" });
    await Promise.all(Array.from({ length: 100 }, () => caller.deposit({ name: "Ken", amountCents: 1 })));
    expect(await caller.balance({ name: "Ken" })).toEqual({ name: "Ken", balanceCents: 100 });
  });

  it("refuses a deposit that would exceed the balance limit, and changes nothing", async () => {
    const { caller, db } = openShop();
    await caller.logOn({ name: "Rich" });
    await db.account.update({ where: { name: "Rich" }, data: { balanceCents: maxBalanceCents - 1 } });
    expect(await codeOf(caller.deposit({ name: "Rich", amountCents: 2 }))).toBe("PRECONDITION_FAILED");
    expect(await caller.balance({ name: "Rich" })).toEqual({ name: "Rich", balanceCents: maxBalanceCents - 1 });
  });

  it.each([
    ["negative", -5],
    ["zero", 0],
    ["fractional", 37.005],
    ["infinite", Number.POSITIVE_INFINITY],
    ["too large", maxAmountCents + 1],
    ["not a number", "abc"],
  ])("rejects a %s amount with BAD_REQUEST and changes nothing", async (_label, amount) => {
    const { caller } = openShop();
    await caller.logOn({ name: "Meeta" });
    const input = { name: "Meeta", amountCents: amount } as { name: string; amountCents: number };
    expect(await codeOf(caller.deposit(input))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.buy({ name: "Meeta", priceCents: input.amountCents }))).toBe("BAD_REQUEST");
    expect(await caller.balance({ name: "Meeta" })).toEqual({ name: "Meeta", balanceCents: 0 });
  });

  it("rejects empty and oversized names", async () => {
    const { caller } = openShop();
    expect(await codeOf(caller.logOn({ name: "   " }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.logOn({ name: "x".repeat(65) }))).toBe("BAD_REQUEST");
    expect(await caller.allAccounts()).toEqual([]);
  });

  it("answers NOT_FOUND for operations on an unknown account", async () => {
    const { caller } = openShop();
    for (const call of [
      caller.balance({ name: "Nobody" }),
      caller.deposit({ name: "Nobody", amountCents: 1 }),
      caller.buy({ name: "Nobody", priceCents: 1 }),
      caller.logOut({ name: "Nobody" }),
    ]) {
      expect(await codeOf(call)).toBe("NOT_FOUND");
    }
    expect(await caller.allAccounts()).toEqual([]);
  });

  it("logs logOut like the seed's server printed it, and lists all accounts by name", async () => {
    const { caller, events } = openShop();
    await caller.logOn({ name: "Rashmi" });
    await caller.logOn({ name: "Meeta" });
    await caller.logOut({ name: "Rashmi" });
    expect(events).toEqual([{ event: "logout", fields: { account: "Rashmi" } }]);
    expect(await caller.allAccounts()).toEqual([
      { name: "Meeta", balanceCents: 0 },
      { name: "Rashmi", balanceCents: 0 },
    ]);
  });
});
