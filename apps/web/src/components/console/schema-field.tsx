"use client";
import { enumValuesOf, fieldKindOf } from "../../json-schema/field-kind.ts";
import type { FormState } from "../../json-schema/form-value.ts";
import {
  propertiesOf,
  requiredOf,
  stringAt,
  withoutNullAlternative,
  type JsonSchema,
} from "../../json-schema/schema.ts";

export interface FieldProps {
  schema: JsonSchema;
  /** Where the value goes in the input: "" for the input itself, `amountCents`, `address.city`. */
  path: string;
  label: string;
  required: boolean;
  state: FormState;
  onChange: (path: string, value: string | boolean) => void;
  /** A prefix for element ids, unique per form. */
  idPrefix: string;
  invalidPaths: ReadonlySet<string>;
}

/** A value that should not be shown as typed: passwords, tokens, secrets. */
const secretName = /password|token|secret/i;

/** One field of the console's form, chosen by the schema's kind; objects recurse into a group of fields. */
export function SchemaField(props: FieldProps) {
  const { path, label, required, state, onChange, idPrefix, invalidPaths } = props;
  const schema = withoutNullAlternative(props.schema).schema;
  const id = `${idPrefix}-${path || "input"}`;
  const kind = fieldKindOf(schema);
  const description = stringAt(schema, "description");
  const fallback = "default" in schema ? `default: ${JSON.stringify(schema.default)}` : undefined;
  const text = typeof state[path] === "string" ? state[path] : "";
  const invalid = invalidPaths.has(path) || undefined;
  const caption = (
    <span className="caption">
      {label}
      {!required && <span className="optional"> (optional)</span>}
      <span className="kind"> {kindWords(schema, kind)}</span>
    </span>
  );
  const hint = description ? <span className="hint">{description}</span> : null;

  if (kind === "object") {
    const requiredNames = requiredOf(schema);
    const fields = propertiesOf(schema);
    if (fields.length === 0 && path === "") return <p className="muted">Nothing to fill in.</p>;
    return (
      <fieldset className="schema-object">
        <legend>{caption}</legend>
        {hint}
        {fields.map(([name, property]) => (
          <SchemaField
            {...props}
            key={name}
            schema={property}
            path={path === "" ? name : `${path}.${name}`}
            label={name}
            required={requiredNames.has(name)}
          />
        ))}
      </fieldset>
    );
  }
  if (kind === "boolean" && required) {
    return (
      <label className="inline">
        <input
          type="checkbox"
          id={id}
          checked={state[path] === true || state[path] === "true"}
          onChange={(event) => onChange(path, event.target.checked)}
        />
        {caption}
      </label>
    );
  }
  if (kind === "boolean" || kind === "enum") {
    const options =
      kind === "boolean" ? ["true", "false"] : (enumValuesOf(schema) ?? []).map((value) => JSON.stringify(value));
    return (
      <label htmlFor={id}>
        {caption}
        <select id={id} value={text} aria-invalid={invalid} onChange={(event) => onChange(path, event.target.value)}>
          <option value="">{required ? "choose…" : "— (leave out)"}</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {kind === "boolean" ? option : (JSON.parse(option) as string)}
            </option>
          ))}
        </select>
        {hint}
      </label>
    );
  }
  if (kind === "json") {
    return (
      <label htmlFor={id}>
        {caption}
        <textarea
          id={id}
          value={text}
          rows={3}
          spellCheck={false}
          aria-invalid={invalid}
          placeholder={fallback ?? "JSON"}
          onChange={(event) => onChange(path, event.target.value)}
        />
        {hint}
      </label>
    );
  }
  return (
    <label htmlFor={id}>
      {caption}
      <input
        id={id}
        type={secretName.test(label) ? "password" : "text"}
        inputMode={kind === "integer" ? "numeric" : kind === "number" ? "decimal" : undefined}
        autoComplete="off"
        value={text}
        aria-invalid={invalid}
        placeholder={fallback}
        onChange={(event) => onChange(path, event.target.value)}
      />
      {hint}
    </label>
  );
}

/** "string, at most 1000 characters", "whole number", "one of", "JSON". */
function kindWords(schema: JsonSchema, kind: ReturnType<typeof fieldKindOf>): string {
  switch (kind) {
    case "string": {
      const max = typeof schema.maxLength === "number" ? `, at most ${schema.maxLength} characters` : "";
      return `text${max}`;
    }
    case "integer":
      return "whole number";
    case "number":
      return "number";
    case "boolean":
      return "yes / no";
    case "enum":
      return "one of";
    case "object":
      return "";
    case "json":
      return "JSON";
  }
}
