export { greeterRouter, type GreeterRouter } from "./greeter/router.ts";
export { shopRouter, type ShopRouter, type ShopInputs, type ShopOutputs } from "./shop/router.ts";
export type { ShopContext } from "./shop/context.ts";
export type { ShopStore } from "./shop/store.ts";
export { openSqliteShopStore, sqliteShopStore } from "./shop/sqlite/store.ts";
export { openPostgresShopStore, postgresShopStore } from "./shop/postgres/store.ts";
export { defaultSessionTtlMs } from "./shop/sessions.ts";
export type { LedgerEntryView, MovementResult } from "./shop/ledger.ts";
export { formatCents, unitsToCents } from "./shop/money.ts";
