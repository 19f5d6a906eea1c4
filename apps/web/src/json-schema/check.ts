import {
  isSchema,
  numberAt,
  propertiesOf,
  requiredOf,
  schemaAt,
  schemaListAt,
  stringAt,
  typesOf,
  type JsonSchema,
} from "./schema.ts";

/** A value that does not fit its schema: where (`amountCents`, `address.city`; empty for the input itself) and why. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/**
 * Checks a value against a procedure's input schema before the console sends it, so a mistake is shown at the form.
 * It covers the keywords zod's JSON Schemas use (types, enums, lengths, patterns, bounds, required and extra
 * properties, items, anyOf/oneOf/allOf); any other keyword is left to the service, whose own validation is the last
 * word either way.
 */
export function checkAgainstSchema(schema: JsonSchema, value: unknown, path = ""): SchemaIssue[] {
  const issue = (message: string): SchemaIssue[] => [{ path, message }];

  if (value === undefined) return issue("a value is required");
  const alternatives = [...schemaListAt(schema, "anyOf"), ...schemaListAt(schema, "oneOf")];
  if (alternatives.length > 0) {
    const results = alternatives.map((alternative) => checkAgainstSchema(alternative, value, path));
    if (!results.some((issues) => issues.length === 0)) {
      // The closest alternative says the most: the one with the fewest problems.
      return results.reduce((best, issues) => (issues.length < best.length ? issues : best));
    }
  }
  const all = schemaListAt(schema, "allOf").flatMap((part) => checkAgainstSchema(part, value, path));
  if (all.length > 0) return all;

  if ("const" in schema && !sameJson(schema.const, value)) return issue(`must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => sameJson(allowed, value))) {
    return issue(`must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(", ")}`);
  }
  const types = typesOf(schema);
  if (types.length > 0 && !types.some((type) => hasType(value, type))) return issue(`must be ${article(types)}`);

  if (typeof value === "string") return checkString(schema, value, path);
  if (typeof value === "number") return checkNumber(schema, value, path);
  if (Array.isArray(value)) return checkArray(schema, value, path);
  if (isSchema(value)) return checkObject(schema, value, path);
  return [];
}

function checkString(schema: JsonSchema, value: string, path: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const length = [...value].length;
  const minLength = numberAt(schema, "minLength");
  const maxLength = numberAt(schema, "maxLength");
  const pattern = stringAt(schema, "pattern");
  if (minLength !== undefined && length < minLength) {
    issues.push({ path, message: minLength === 1 ? "must not be empty" : `must be at least ${minLength} characters` });
  }
  if (maxLength !== undefined && length > maxLength) {
    issues.push({ path, message: `must be at most ${maxLength} characters` });
  }
  if (pattern !== undefined && !matches(pattern, value)) issues.push({ path, message: `must match ${pattern}` });
  return issues;
}

function checkNumber(schema: JsonSchema, value: number, path: string): SchemaIssue[] {
  const bounds: [string, (bound: number) => boolean, string][] = [
    ["minimum", (bound) => value >= bound, "at least"],
    ["maximum", (bound) => value <= bound, "at most"],
    ["exclusiveMinimum", (bound) => value > bound, "greater than"],
    ["exclusiveMaximum", (bound) => value < bound, "less than"],
  ];
  const issues: SchemaIssue[] = [];
  for (const [keyword, holds, words] of bounds) {
    const bound = numberAt(schema, keyword);
    if (bound !== undefined && !holds(bound)) issues.push({ path, message: `must be ${words} ${bound}` });
  }
  const multipleOf = numberAt(schema, "multipleOf");
  if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(value / multipleOf)) {
    issues.push({ path, message: `must be a multiple of ${multipleOf}` });
  }
  return issues;
}

function checkArray(schema: JsonSchema, value: unknown[], path: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const minItems = numberAt(schema, "minItems");
  const maxItems = numberAt(schema, "maxItems");
  if (minItems !== undefined && value.length < minItems)
    issues.push({ path, message: `needs at least ${minItems} items` });
  if (maxItems !== undefined && value.length > maxItems)
    issues.push({ path, message: `takes at most ${maxItems} items` });
  const prefixItems = schemaListAt(schema, "prefixItems");
  const items = schemaAt(schema, "items");
  value.forEach((item, index) => {
    const itemSchema = prefixItems[index] ?? items;
    if (itemSchema) issues.push(...checkAgainstSchema(itemSchema, item, join(path, String(index))));
  });
  return issues;
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const properties = new Map(propertiesOf(schema));
  for (const name of requiredOf(schema)) {
    if (value[name] === undefined) issues.push({ path: join(path, name), message: "is required" });
  }
  for (const [name, property] of Object.entries(value)) {
    if (property === undefined) continue;
    const propertySchema = properties.get(name);
    if (propertySchema) issues.push(...checkAgainstSchema(propertySchema, property, join(path, name)));
    else if (schema.additionalProperties === false) issues.push({ path: join(path, name), message: "is not expected" });
    else if (isSchema(schema.additionalProperties)) {
      issues.push(...checkAgainstSchema(schema.additionalProperties, property, join(path, name)));
    }
  }
  return issues;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isSchema(value);
    default:
      return true;
  }
}

/** "a string", "an integer", "a string or null". */
function article(types: string[]): string {
  const words: Record<string, string> = { integer: "a whole number", object: "an object", array: "a list" };
  return types.map((type) => words[type] ?? (type === "null" ? "null" : `a ${type}`)).join(" or ");
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    // A pattern this browser cannot compile is the service's to check.
    return true;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
