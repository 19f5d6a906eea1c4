"use client";
import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { checkAgainstSchema, type SchemaIssue } from "../../json-schema/check.ts";
import { fieldKindOf } from "../../json-schema/field-kind.ts";
import { formFromValue, valueFromForm, type FormState } from "../../json-schema/form-value.ts";
import { withoutProperty, type JsonSchema } from "../../json-schema/schema.ts";
import { useTRPC } from "../../trpc/client.tsx";
import { ErrorMessage } from "../error-message.tsx";
import { CallResult } from "./call-result.tsx";
import { SchemaField } from "./schema-field.tsx";
import type { ConsoleProcedure } from "./types.ts";

/**
 * The form for one procedure, generated from its input JSON Schema (raw JSON for what a form cannot ask), checked
 * against the schema before it is sent — unless the operator turns that off to see what the service itself says —
 * and sent through the web server, which calls the service by name.
 */
export function ProcedureForm({ serviceName, procedure }: { serviceName: string; procedure: ConsoleProcedure }) {
  const trpc = useTRPC();
  const idPrefix = useId();
  const schema: JsonSchema | null = procedure.input
    ? procedure.filledByServer
      ? withoutProperty(procedure.input, procedure.filledByServer)
      : procedure.input
    : null;
  const formFits = schema !== null && fieldKindOf(schema) !== "json";
  const [mode, setMode] = useState<"form" | "json">(formFits ? "form" : "json");
  const [state, setState] = useState<FormState>({});
  const [json, setJson] = useState("");
  const [checkFirst, setCheckFirst] = useState(true);
  const [issues, setIssues] = useState<SchemaIssue[]>([]);
  const call = useMutation(trpc.console.invoke.mutationOptions());

  /** The input as the form or the JSON box has it, and whatever keeps it from being one. */
  function currentInput(): { value: unknown; problems: SchemaIssue[] } {
    if (mode === "form" && schema) return valueFromForm(schema, state);
    if (json.trim() === "") return { value: undefined, problems: [] };
    try {
      return { value: JSON.parse(json) as unknown, problems: [] };
    } catch (error) {
      return { value: undefined, problems: [{ path: "", message: `is not valid JSON (${(error as Error).message})` }] };
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { value, problems } = currentInput();
    const found = [
      ...problems,
      ...(checkFirst && schema && value !== undefined ? checkAgainstSchema(schema, value) : []),
      ...(checkFirst && schema && value === undefined && procedure.input && fieldKindOf(schema) !== "object"
        ? [{ path: "", message: "a value is required" }]
        : []),
    ];
    setIssues(found);
    if (found.length > 0) {
      call.reset();
      return;
    }
    call.mutate({ name: serviceName, path: procedure.path, input: value });
  }

  function switchMode(next: "form" | "json") {
    const { value } = currentInput();
    if (next === "json") setJson(value === undefined ? "" : JSON.stringify(value, null, 2));
    else if (schema && value !== undefined) setState(formFromValue(schema, value));
    setIssues([]);
    setMode(next);
  }

  const invalidPaths = new Set(issues.map((issue) => issue.path));
  return (
    <div className="procedure-form">
      <form onSubmit={submit} className="stack wide" noValidate aria-label={`call ${procedure.path}`}>
        {procedure.filledByServer && (
          <p className="hint">
            <code>{procedure.filledByServer}</code> is your shop session: the web server fills it in from your log-on (
            <a href="/shop">log on in the shop</a> first).
          </p>
        )}
        {formFits && (
          <div className="mode-switch" role="group" aria-label="Edit as">
            <button
              type="button"
              className={mode === "form" ? "" : "secondary"}
              aria-pressed={mode === "form"}
              onClick={() => switchMode("form")}
            >
              Form
            </button>
            <button
              type="button"
              className={mode === "json" ? "" : "secondary"}
              aria-pressed={mode === "json"}
              onClick={() => switchMode("json")}
            >
              Raw JSON
            </button>
          </div>
        )}
        {mode === "form" && schema ? (
          <SchemaField
            schema={schema}
            path=""
            label="Input"
            required
            state={state}
            onChange={(path, value) => setState((previous) => ({ ...previous, [path]: value }))}
            idPrefix={idPrefix}
            invalidPaths={invalidPaths}
          />
        ) : (
          <label htmlFor={`${idPrefix}-json`}>
            Input as JSON
            <textarea
              id={`${idPrefix}-json`}
              value={json}
              rows={6}
              spellCheck={false}
              placeholder={schema ? "" : "no schema declared: any JSON, or empty for none"}
              onChange={(event) => setJson(event.target.value)}
            />
          </label>
        )}
        {schema && (
          <label className="inline">
            <input type="checkbox" checked={checkFirst} onChange={(event) => setCheckFirst(event.target.checked)} />
            Check against the schema before sending
          </label>
        )}
        <button type="submit" disabled={call.isPending}>
          {call.isPending ? "Calling…" : `Call ${procedure.path}`}
        </button>
        {issues.length > 0 && (
          <div role="alert" className="error" data-testid="schema-issues">
            <p>Not sent: the input does not fit the schema.</p>
            <ul className="issues">
              {issues.map((issue) => (
                <li key={`${issue.path}-${issue.message}`}>
                  {issue.path ? <code>{issue.path}</code> : "input"} {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
      <div aria-live="polite">
        <ErrorMessage error={call.error} />
        {call.data && <CallResult outcome={call.data} />}
      </div>
    </div>
  );
}
