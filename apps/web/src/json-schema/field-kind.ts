import { isSchema, typesOf, withoutNullAlternative, type JsonSchema } from "./schema.ts";

/** How the call console asks for a value: one of the form's fields, or raw JSON for anything else. */
export type FieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "object" | "json";

/** The field for a schema. Arrays, unions, records and unrepresentable types fall back to raw JSON. */
export function fieldKindOf(input: JsonSchema): FieldKind {
  const { schema } = withoutNullAlternative(input);
  if (enumValuesOf(schema)) return "enum";
  const types = typesOf(schema);
  if (types.length !== 1) return "json";
  const [type] = types;
  if (type === "string" || type === "number" || type === "integer" || type === "boolean") return type;
  // A fixed set of fields, possibly none (the shop's `balance` once the server fills in the session).
  if (type === "object" && isSchema(schema.properties) && !hasOpenProperties(schema)) return "object";
  return "json";
}

/** String enums and single constants become a choice; mixed or non-string enums go to raw JSON. */
export function enumValuesOf(schema: JsonSchema): string[] | undefined {
  const values = Array.isArray(schema.enum)
    ? (schema.enum as unknown[])
    : "const" in schema
      ? [schema.const]
      : undefined;
  if (!values || values.length === 0) return undefined;
  return values.every((value): value is string => typeof value === "string") ? values : undefined;
}

/** An object that also takes keys it does not name (a record) cannot be a fixed set of fields. */
function hasOpenProperties(schema: JsonSchema): boolean {
  const additional = schema.additionalProperties;
  return (typeof additional === "object" && additional !== null) || isSchema(schema.patternProperties);
}
