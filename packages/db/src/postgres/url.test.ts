import { describe, expect, it } from "vitest";
import { isPostgresUrl, postgresUrlSchema, redactedUrl } from "./url.ts";

describe("PostgreSQL URLs", () => {
  it.each([
    ["postgresql://app:s3cret@db.internal:5432/shop", "postgresql://app:***@db.internal:5432/shop"],
    ["postgres://app:s3cret@127.0.0.1/shop?sslmode=require", "postgres://app:***@127.0.0.1/shop?sslmode=require"],
    // A password with characters a URL parser refuses is still hidden whole.
    ["postgresql://app:p@ss/w:rd@127.0.0.1:5432/shop", "postgresql://app:***@127.0.0.1:5432/shop"],
    ["postgresql://app@127.0.0.1/shop?password=s3cret", "postgresql://app@127.0.0.1/shop?password=***"],
    ["postgresql://127.0.0.1/shop", "postgresql://127.0.0.1/shop"],
  ])("redacts %s", (url, redacted) => {
    expect(redactedUrl(url)).toBe(redacted);
  });

  it("tells PostgreSQL URLs from SQLite ones, and wants a database name", () => {
    expect(isPostgresUrl("postgres://app:x@h/shop")).toBe(true);
    expect(isPostgresUrl("file:/tmp/shop.db")).toBe(false);
    expect(postgresUrlSchema.safeParse("postgresql://app:x@h:5432/shop").success).toBe(true);
    expect(postgresUrlSchema.safeParse("postgresql://app:x@h:5432").success).toBe(false);
  });
});
