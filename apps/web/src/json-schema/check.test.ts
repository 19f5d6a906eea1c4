import { z } from "zod";
import { describe, expect, it } from "vitest";
import { depositInput, statementInput } from "@switchboard/api/shop-schema";
import { checkAgainstSchema } from "./check.ts";
import type { JsonSchema } from "./schema.ts";

// The schemas are the ones services publish: zod's own JSON Schemas of the shop's real inputs.
const schemaOf = (type: z.ZodType) => z.toJSONSchema(type, { io: "input", unrepresentable: "any" }) as JsonSchema;

describe("checking a console input against a procedure's JSON Schema", () => {
  const deposit = schemaOf(depositInput);

  it("accepts what the service accepts", () => {
    expect(checkAgainstSchema(deposit, { session: "s", amountCents: 500 })).toEqual([]);
    expect(checkAgainstSchema(deposit, { session: "s", amountCents: 500, idempotencyKey: "k-1" })).toEqual([]);
    expect(checkAgainstSchema(schemaOf(statementInput), { session: "s" })).toEqual([]);
  });

  it("names each field that does not fit, and why", () => {
    expect(checkAgainstSchema(deposit, { amountCents: 0 })).toEqual([
      { path: "session", message: "is required" },
      { path: "amountCents", message: "must be greater than 0" },
    ]);
    expect(checkAgainstSchema(deposit, { session: "", amountCents: 1.5, idempotencyKey: "with space" })).toEqual([
      { path: "session", message: "must not be empty" },
      { path: "amountCents", message: "must be a whole number" },
      { path: "idempotencyKey", message: "must match ^[\\x21-\\x7e]{1,128}$" },
    ]);
    expect(checkAgainstSchema(deposit, { session: "s", amountCents: "5" })).toEqual([
      { path: "amountCents", message: "must be a whole number" },
    ]);
  });

  it("checks inputs that are not objects, enums, nested objects and lists", () => {
    expect(checkAgainstSchema(schemaOf(z.string().max(3)), "abcd")).toEqual([
      { path: "", message: "must be at most 3 characters" },
    ]);
    expect(checkAgainstSchema(schemaOf(z.string()), 42)).toEqual([{ path: "", message: "must be a string" }]);
    expect(checkAgainstSchema(schemaOf(z.enum(["eu", "us"])), "asia")).toEqual([
      { path: "", message: 'must be one of "eu", "us"' },
    ]);
    const nested = schemaOf(z.object({ address: z.object({ city: z.string().min(2) }), tags: z.array(z.string()) }));
    expect(checkAgainstSchema(nested, { address: { city: "X" }, tags: ["a", 1] })).toEqual([
      { path: "address.city", message: "must be at least 2 characters" },
      { path: "tags.1", message: "must be a string" },
    ]);
    expect(checkAgainstSchema(schemaOf(z.string().nullable()), null)).toEqual([]);
    expect(checkAgainstSchema(schemaOf(z.strictObject({ a: z.number() })), { a: 1, b: 2 })).toEqual([
      { path: "b", message: "is not expected" },
    ]);
  });

  it("leaves what it cannot judge to the service instead of refusing it", () => {
    expect(checkAgainstSchema({}, { anything: [1, "two"] })).toEqual([]);
    expect(checkAgainstSchema({ type: "string", pattern: "(?<=" }, "x")).toEqual([]);
  });
});
