import { defineConfig } from "prisma/config";

// Prisma 7's config, read by `prisma studio` run from this package (src/main.ts). The database URL comes from the
// environment rather than the command line, so a PostgreSQL password never shows in the process list.
export default defineConfig({
  datasource: { url: process.env.STUDIO_DATABASE_URL ?? "" },
});
