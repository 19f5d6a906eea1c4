import path from "node:path";
import { defineConfig } from "prisma/config";
import { schemaEngineAdapter } from "./src/postgres/schema-engine-adapter.ts";

// The PostgreSQL side (the shop's scale-out database): `prisma <command> --config prisma.postgres.config.ts` with
// DATABASE_URL=postgresql://… . Prisma 6.19 with the JS engine, as for SQLite: the schema engine is bundled
// WebAssembly, so this works offline — through an adapter that works around two bugs of adapter-pg 6.19.3 there.
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "postgres", "schema.prisma"),
  migrations: { path: path.join("prisma", "postgres", "migrations") },
  adapter: async () => schemaEngineAdapter(process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchboard"),
});
