export { greeterRouter, type GreeterRouter } from "./greeter/router.ts";
export { shopRouter, type ShopRouter, type ShopInputs, type ShopOutputs } from "./shop/router.ts";
export type { ShopContext } from "./shop/context.ts";
export { formatCents, unitsToCents } from "./shop/money.ts";
export { registryRouter, type RegistryRouter, type RegistryInputs, type RegistryOutputs } from "./registry/router.ts";
export type { RegistryContext } from "./registry/context.ts";
export type { RegistryStore, ServiceInstance, NewRegistration } from "./registry/store.ts";
export { createPrismaRegistryStore } from "./registry/prisma-store.ts";
export { defaultLeaseTtlMs } from "./registry/schema.ts";
