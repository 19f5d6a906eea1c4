/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- the calls that must not compile */
import type { TRPCClient } from "@trpc/client";
import { describe, expectTypeOf, it } from "vitest";
import type { GreeterRouter } from "./greeter/router.ts";
import type { ShopRouter } from "./shop/router.ts";
import { connect, createSwitchboard } from "./client.ts";

describe("connect() is typed end to end from the router", () => {
  it("infers a known name's router without a type argument", () => {
    expectTypeOf(connect("example.shop.Shop")).toEqualTypeOf<TRPCClient<ShopRouter>>();
    expectTypeOf(connect("example.greeter")).toEqualTypeOf<TRPCClient<GreeterRouter>>();
  });

  it("infers inputs and outputs of each procedure", () => {
    const shop = connect("example.shop.Shop");
    expectTypeOf(shop.buy.mutate)
      .parameter(0)
      .toEqualTypeOf<{ session: string; priceCents: number; item: string; idempotencyKey?: string | undefined }>();
    expectTypeOf(shop.balance.query).returns.resolves.toEqualTypeOf<{ name: string; balanceCents: number }>();
    expectTypeOf(shop.deposit.mutate).returns.resolves.toHaveProperty("entry");
    expectTypeOf(shop.allAccounts.query).returns.resolves.toEqualTypeOf<
      Array<{ name: string; balanceCents: number }>
    >();
    expectTypeOf(connect("example.greeter").welcomeMessage.query).returns.resolves.toBeString();
  });

  it("refuses wrong inputs, unknown procedures and wrong call kinds at compile time", () => {
    const shop = connect("example.shop.Shop");
    const greeter = connect("example.greeter");
    // @ts-expect-error -- amountCents must be a number, not a string
    void shop.deposit.mutate({ session: "s", amountCents: "50" });
    // @ts-expect-error -- priceCents is required
    void shop.buy.mutate({ session: "s", item: "book" });
    // @ts-expect-error -- account operations take a session, not a name
    void shop.balance.query({ name: "Meeta" });
    // @ts-expect-error -- welcomeMessage takes a string
    void greeter.welcomeMessage.query(42);
    // @ts-expect-error -- there is no such procedure
    void greeter.goodbyeMessage.query("x");
    // @ts-expect-error -- buy is a mutation, not a query
    void shop.buy.query({ session: "s", priceCents: 1, item: "book" });
  });

  it("types any other name from an explicit router type argument", () => {
    const switchboard = createSwitchboard();
    expectTypeOf(switchboard.connect<GreeterRouter>("acme.greeter")).toEqualTypeOf<TRPCClient<GreeterRouter>>();
    expectTypeOf(switchboard.registry.lookup.query).returns.resolves.toHaveProperty("instances");
  });
});
