/**
 * A JSON Schema as services describe their procedures' inputs (zod 4's `z.toJSONSchema`, draft 2020-12). It comes
 * from another process, so nothing about its shape is assumed: every keyword is read through the helpers below.
 */
export type JsonSchema = Record<string, unknown>;

export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function schemaAt(schema: JsonSchema, keyword: string): JsonSchema | undefined {
  const value = schema[keyword];
  return isSchema(value) ? value : undefined;
}

export function numberAt(schema: JsonSchema, keyword: string): number | undefined {
  const value = schema[keyword];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function stringAt(schema: JsonSchema, keyword: string): string | undefined {
  const value = schema[keyword];
  return typeof value === "string" ? value : undefined;
}

export function schemaListAt(schema: JsonSchema, keyword: string): JsonSchema[] {
  const value = schema[keyword];
  return Array.isArray(value) ? value.filter(isSchema) : [];
}

export function propertiesOf(schema: JsonSchema): [string, JsonSchema][] {
  const properties = schemaAt(schema, "properties");
  return properties
    ? Object.entries(properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]))
    : [];
}

export function requiredOf(schema: JsonSchema): Set<string> {
  const required = schema.required;
  return new Set(Array.isArray(required) ? required.filter((name): name is string => typeof name === "string") : []);
}

/** The declared types: `"string"` or `["string", "null"]` → a list; none when the schema does not say. */
export function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((entry): entry is string => typeof entry === "string") : [];
}

/**
 * `type: ["string", "null"]` or `anyOf: [X, { type: "null" }]` (zod's `.nullable()`) is X that may also be null: the form offers X and the null
 * is left to the raw-JSON mode. Anything else is returned as it is.
 */
export function withoutNullAlternative(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const types = typesOf(schema);
  if (types.length === 2 && types.includes("null")) {
    return { schema: { ...schema, type: types.find((type) => type !== "null") }, nullable: true };
  }
  const alternatives = schemaListAt(schema, "anyOf");
  if (alternatives.length === 2) {
    const nonNull = alternatives.filter((alternative) => !(typesOf(alternative).join() === "null"));
    if (nonNull.length === 1) return { schema: nonNull[0]!, nullable: true };
  }
  return { schema, nullable: false };
}

/** The object schema without one of its properties: the console's form for a field the web server fills in. */
export function withoutProperty(schema: JsonSchema, property: string): JsonSchema {
  const properties = schemaAt(schema, "properties");
  if (!properties) return schema;
  const { [property]: _removed, ...rest } = properties;
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => name !== property) : undefined;
  return { ...schema, properties: rest, ...(required ? { required } : {}) };
}
