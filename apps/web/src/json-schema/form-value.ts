import { fieldKindOf } from "./field-kind.ts";
import { propertiesOf, requiredOf, withoutNullAlternative, type JsonSchema } from "./schema.ts";

/** What the console's fields hold, by path (`""` for the input itself, `amountCents`, `address.city`). */
export type FormState = Record<string, string | boolean>;

/** A field whose text is not the value its kind needs (`12a` for a number, broken JSON). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The input the form describes. An empty optional field is left out (so the service's default applies); an empty
 * required one is left out too, and the schema check says it is required. Numbers are sent as numbers, whole or
 * not (the schema check says when a whole one was needed).
 */
export function valueFromForm(
  schema: JsonSchema,
  state: FormState,
  path = "",
): { value: unknown; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const value = read(withoutNullAlternative(schema).schema, path);
  return { value, problems };

  function read(fieldSchema: JsonSchema, fieldPath: string): unknown {
    const entry = state[fieldPath];
    switch (fieldKindOf(fieldSchema)) {
      case "string":
        return typeof entry === "string" && entry !== "" ? entry : undefined;
      case "enum":
        return typeof entry === "string" && entry !== "" ? JSON.parse(entry) : undefined;
      case "boolean":
        return entry === "true" || entry === true ? true : entry === "false" || entry === false ? false : undefined;
      case "number":
      case "integer": {
        const text = typeof entry === "string" ? entry.trim() : "";
        if (text === "") return undefined;
        const number = Number(text);
        if (!Number.isFinite(number)) problems.push({ path: fieldPath, message: "must be a number" });
        return Number.isFinite(number) ? number : text;
      }
      case "object": {
        const object: Record<string, unknown> = {};
        for (const [name, property] of propertiesOf(fieldSchema)) {
          const propertyValue = read(withoutNullAlternative(property).schema, join(fieldPath, name));
          if (propertyValue !== undefined) object[name] = propertyValue;
        }
        // An optional object nobody filled in is left out; a required one is sent, so its fields are named.
        return Object.keys(object).length === 0 && fieldPath !== path && !isRequired(fieldPath) ? undefined : object;
      }
      case "json": {
        const text = typeof entry === "string" ? entry.trim() : "";
        if (text === "") return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          problems.push({ path: fieldPath, message: "is not valid JSON" });
          return undefined;
        }
      }
    }
  }

  /** Whether the field at this path is required by its parent object. */
  function isRequired(fieldPath: string): boolean {
    const parts = fieldPath.slice(path === "" ? 0 : path.length + 1).split(".");
    let parent = withoutNullAlternative(schema).schema;
    for (const part of parts.slice(0, -1)) {
      const next = propertiesOf(parent).find(([name]) => name === part)?.[1];
      if (!next) return false;
      parent = withoutNullAlternative(next).schema;
    }
    return requiredOf(parent).has(parts.at(-1) ?? "");
  }
}

/** The form's fields for a value (switching back from raw JSON): the inverse of valueFromForm for what fits. */
export function formFromValue(schema: JsonSchema, value: unknown, path = ""): FormState {
  const state: FormState = {};
  write(withoutNullAlternative(schema).schema, value, path);
  return state;

  function write(fieldSchema: JsonSchema, fieldValue: unknown, fieldPath: string): void {
    if (fieldValue === undefined) return;
    switch (fieldKindOf(fieldSchema)) {
      case "string":
        if (typeof fieldValue === "string") state[fieldPath] = fieldValue;
        return;
      case "enum":
        state[fieldPath] = JSON.stringify(fieldValue);
        return;
      case "boolean":
        if (typeof fieldValue === "boolean") state[fieldPath] = String(fieldValue);
        return;
      case "number":
      case "integer":
        state[fieldPath] = typeof fieldValue === "number" ? String(fieldValue) : JSON.stringify(fieldValue);
        return;
      case "object":
        if (typeof fieldValue !== "object" || fieldValue === null) return;
        for (const [name, property] of propertiesOf(fieldSchema)) {
          write(
            withoutNullAlternative(property).schema,
            (fieldValue as Record<string, unknown>)[name],
            join(fieldPath, name),
          );
        }
        return;
      case "json":
        state[fieldPath] = JSON.stringify(fieldValue, null, 2);
        return;
    }
  }
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
