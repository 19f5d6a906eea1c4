import { z } from "zod";
import { describe, expect, it } from "vitest";
import { buyInput, statementInput } from "@switchboard/api/shop-schema";
import { fieldKindOf } from "./field-kind.ts";
import { formFromValue, valueFromForm } from "./form-value.ts";
import type { JsonSchema } from "./schema.ts";

const schemaOf = (type: z.ZodType) => z.toJSONSchema(type, { io: "input", unrepresentable: "any" }) as JsonSchema;

describe("the call console's form", () => {
  it("picks a field for each kind of schema, raw JSON for the rest", () => {
    const kinds = [
      z.string(),
      z.number(),
      z.number().int(),
      z.boolean(),
      z.enum(["a", "b"]),
      z.literal("only"),
      z.object({ a: z.string() }),
      z.object({}),
      z.string().nullable(),
      z.array(z.string()),
      z.record(z.string(), z.number()),
      z.union([z.string(), z.number()]),
      z.date(),
    ].map((type) => fieldKindOf(schemaOf(type)));
    expect(kinds).toEqual([
      "string",
      "number",
      "integer",
      "boolean",
      "enum",
      "enum",
      "object",
      "object",
      "string",
      "json",
      "json",
      "json",
      "json",
    ]);
  });

  it("builds the input from the fields: numbers as numbers, empty optional fields left out", () => {
    const buy = schemaOf(buyInput);
    expect(valueFromForm(buy, { session: "s", priceCents: " 3700 ", item: "book", idempotencyKey: "" })).toEqual({
      value: { session: "s", priceCents: 3700, item: "book" },
      problems: [],
    });
    expect(valueFromForm(schemaOf(statementInput), { session: "s", limit: "12a" })).toEqual({
      value: { session: "s", limit: "12a" },
      problems: [{ path: "limit", message: "must be a number" }],
    });
    expect(valueFromForm(schemaOf(z.string()), { "": "Rashmi" }).value).toBe("Rashmi");
  });

  it("builds nested objects, enums, booleans and raw JSON fields", () => {
    const schema = schemaOf(
      z.object({
        region: z.enum(["eu", "us"]),
        express: z.boolean(),
        gift: z.object({ note: z.string() }).optional(),
        lines: z.array(z.number()),
      }),
    );
    const state = { region: '"eu"', express: true, "gift.note": "", lines: "[1, 2]" };
    expect(valueFromForm(schema, state)).toEqual({
      value: { region: "eu", express: true, lines: [1, 2] },
      problems: [],
    });
    expect(valueFromForm(schema, { ...state, "gift.note": "hi", lines: "[1," })).toEqual({
      value: { region: "eu", express: true, gift: { note: "hi" } },
      problems: [{ path: "lines", message: "is not valid JSON" }],
    });
  });

  it("fills the fields back from a value, as switching from raw JSON does", () => {
    const schema = schemaOf(
      z.object({ region: z.enum(["eu", "us"]), gift: z.object({ note: z.string() }), n: z.number() }),
    );
    const value = { region: "us", gift: { note: "hi" }, n: 2.5 };
    const state = formFromValue(schema, value);
    expect(state).toEqual({ region: '"us"', "gift.note": "hi", n: "2.5" });
    expect(valueFromForm(schema, state).value).toEqual(value);
  });
});
