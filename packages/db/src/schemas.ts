import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

// Prisma cannot switch a schema's `provider` by environment, so each provider gets its own schema file: the same
// models (prisma/models.prisma) under its own generator output and datasource. The files are committed because the
// Prisma CLI reads them; schemas.test.ts fails when one is out of date.

export type Provider = "sqlite" | "postgresql";

const prismaDir = new URL("../prisma/", import.meta.url);
const modelsFile = new URL("models.prisma", prismaDir);

/** Where each provider's schema lives, and what comes before the models in it. */
const providers: Record<Provider, { schemaFile: URL; header: string }> = {
  sqlite: {
    schemaFile: new URL("schema.prisma", prismaDir),
    header: `generator client {
  provider   = "prisma-client"
  output     = "../src/generated/prisma"
  engineType = "client"
}

datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}`,
  },
  postgresql: {
    schemaFile: new URL("postgres/schema.prisma", prismaDir),
    header: `generator client {
  provider   = "prisma-client"
  output     = "../../src/generated/prisma-postgres"
  engineType = "client"
}

// The real URL comes from prisma.postgres.config.ts (DATABASE_URL) or, at run time, from SHOP_DATABASE_URL.
datasource db {
  provider = "postgresql"
  url      = "postgresql://localhost:5432/switchboard"
}`,
  },
};

/** The path of a provider's schema file. */
export function schemaFileOf(provider: Provider): string {
  return fileURLToPath(providers[provider].schemaFile);
}

/** What a provider's schema file must contain: a do-not-edit note, its generator and datasource, then the models. */
export function schemaText(provider: Provider): string {
  const models = readFileSync(modelsFile, "utf8").replace(/^(\/\/.*\n)+\n/, "");
  return `// Generated from models.prisma by \`npm run schemas -w @switchboard/db\`: edit the models there, not here.\n\n${providers[provider].header}\n\n${models}`;
}

/** Rewrites every provider's schema file from models.prisma. */
export function writeSchemas(): void {
  for (const provider of Object.keys(providers) as Provider[]) {
    writeFileSync(providers[provider].schemaFile, schemaText(provider));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  writeSchemas();
  console.log(
    `wrote ${Object.keys(providers)
      .map((provider) => schemaFileOf(provider as Provider))
      .join(", ")}`,
  );
}
