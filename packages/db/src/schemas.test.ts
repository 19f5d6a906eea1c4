import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaFileOf, schemaText, type Provider } from "./schemas.ts";

describe("one set of models, one schema file per provider", () => {
  it.each<Provider>(["sqlite", "postgresql"])(
    "the committed %s schema is models.prisma under its own header (else: npm run schemas -w @switchboard/db)",
    (provider) => {
      expect(readFileSync(schemaFileOf(provider), "utf8")).toBe(schemaText(provider));
    },
  );
});
