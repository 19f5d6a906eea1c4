export { greeterRouter, type GreeterRouter } from "./greeter/router.ts";
export { shopRouter, type ShopRouter, type ShopInputs, type ShopOutputs } from "./shop/router.ts";
export type { ShopContext } from "./shop/context.ts";
export { defaultSessionTtlMs } from "./shop/sessions.ts";
export type { LedgerEntryView, MovementResult } from "./shop/ledger.ts";
export { formatCents, unitsToCents } from "./shop/money.ts";
