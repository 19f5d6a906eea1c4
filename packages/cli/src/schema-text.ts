/**
 * A JSON Schema as a person reads a TypeScript type: `{ session: string, amountCents: integer > 0, note?: string }`.
 * Covers what zod writes (objects, arrays, unions, enums, literals, nullable, string/number bounds); anything else
 * is `unknown`, and `{}` is `any`.
 */
export function schemaText(schema: unknown): string {
  if (schema === true || (typeof schema === "object" && schema !== null && Object.keys(schema).length === 0))
    return "any";
  if (typeof schema !== "object" || schema === null) return "unknown";
  const node = schema as Record<string, unknown>;
  if ("const" in node) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return node.enum.map((value) => JSON.stringify(value)).join(" | ");
  const union = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return union.map(schemaText).join(" | ");
  if (Array.isArray(node.allOf)) return node.allOf.map(schemaText).join(" & ");
  switch (node.type) {
    case "object":
      return objectText(node);
    case "array":
      return `${wrap(schemaText(node.items))}[]`;
    case "string":
      return `string${bounds(node, "minLength", "maxLength", "length")}${typeof node.format === "string" ? ` (${node.format})` : ""}`;
    case "integer":
    case "number":
      return `${node.type}${numberBounds(node)}`;
    case "boolean":
    case "null":
      return node.type;
    default:
      return Array.isArray(node.type) ? node.type.join(" | ") : "unknown";
  }
}

function objectText(node: Record<string, unknown>): string {
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  const required = new Set((node.required ?? []) as string[]);
  const fields = Object.entries(properties).map(
    ([key, value]) => `${key}${required.has(key) ? "" : "?"}: ${schemaText(value)}`,
  );
  if (typeof node.additionalProperties === "object" && node.additionalProperties !== null)
    fields.push(`[key: string]: ${schemaText(node.additionalProperties)}`);
  return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
}

const wrap = (text: string) => (text.includes(" ") ? `(${text})` : text);

/** A schema keyword's number, if it is one. */
const numberAt = (node: Record<string, unknown>, keyword: string): number | undefined =>
  typeof node[keyword] === "number" ? node[keyword] : undefined;

function bounds(node: Record<string, unknown>, min: string, max: string, what: string): string {
  const low = numberAt(node, min);
  const high = numberAt(node, max);
  if (low === undefined && high === undefined) return "";
  if (low === high) return ` (${what} ${low})`;
  return ` (${what} ${low ?? "…"}–${high ?? "…"})`;
}

function numberBounds(node: Record<string, unknown>): string {
  const parts: string[] = [];
  const [above, atLeast, below, atMost] = ["exclusiveMinimum", "minimum", "exclusiveMaximum", "maximum"].map(
    (keyword) => numberAt(node, keyword),
  );
  if (above !== undefined) parts.push(`> ${above}`);
  if (atLeast !== undefined && atLeast !== Number.MIN_SAFE_INTEGER) parts.push(`>= ${atLeast}`);
  if (below !== undefined) parts.push(`< ${below}`);
  if (atMost !== undefined && atMost !== Number.MAX_SAFE_INTEGER) parts.push(`<= ${atMost}`);
  return parts.length ? ` ${parts.join(", ")}` : "";
}
