// The library's client, with the example services' names typed: `connect("example.shop.Shop")` needs no type
// argument in a program that imports from here.
import "./known-services.ts";

export * from "@switchboard/core/client";
export type { GreeterRouter } from "./greeter/router.ts";
export type { ShopRouter, ShopInputs, ShopOutputs } from "./shop/router.ts";
export { formatCents, unitsToCents } from "./shop/money.ts";
