export { createPrismaRegistryStore } from "./prisma-store.ts";
