import { createHash } from "node:crypto";
import type { AnyRouter } from "@trpc/server";
import { z } from "zod";
import { summarizeZodError, type SwitchboardMeta } from "../trpc.ts";
import type { ProcedureType } from "./procedures.ts";

/** A JSON Schema document (draft 2020-12), as zod 4's `z.toJSONSchema` writes it. */
export type JsonSchema = Record<string, unknown>;

/** What a service says about one of its procedures at `GET /describe`. */
export interface ProcedureDescription {
  path: string;
  type: ProcedureType;
  /** From the procedure's `.meta({ idempotent })`: whether a client may send it again after a dropped connection. */
  idempotent: NonNullable<SwitchboardMeta["idempotent"]>;
  /** The input's JSON Schema; null when the procedure declares no input; `{}` where zod's type has no JSON form. */
  input: JsonSchema | null;
  /** The output's JSON Schema, when the procedure declares `.output(…)`; else null. */
  output: JsonSchema | null;
}

export interface ServiceDescription {
  /** The name the service registers under, or null. */
  name: string | null;
  /** 16 hex digits of SHA-256 over the procedures: instances with the same hash offer the same API. */
  schemaHash: string;
  procedures: ProcedureDescription[];
}

interface ProcedureDef {
  type: ProcedureType;
  meta?: unknown;
  inputs?: unknown[];
  output?: unknown;
}

/** The router's procedures as clients and tools need to know them, sorted by path. */
export function describeRouter(router: AnyRouter, name?: string): ServiceDescription {
  const procedures = router._def.procedures as Record<string, { _def: ProcedureDef }>;
  const described = Object.entries(procedures)
    .map(([path, procedure]): ProcedureDescription => {
      const inputs = (procedure._def.inputs ?? []).map((parser) => jsonSchemaOf(parser, "input"));
      return {
        path,
        type: procedure._def.type,
        idempotent: idempotencyOf(procedure._def.meta),
        input: inputs.length === 0 ? null : inputs.length === 1 ? (inputs[0] as JsonSchema) : { allOf: inputs },
        output: procedure._def.output === undefined ? null : jsonSchemaOf(procedure._def.output, "output"),
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { name: name ?? null, schemaHash: schemaHashOf(described), procedures: described };
}

/** Stable over declaration order: the procedures are sorted, and object keys too. */
function schemaHashOf(procedures: ProcedureDescription[]): string {
  return createHash("sha256").update(canonicalJson(procedures)).digest("hex").slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A zod 4 schema's JSON Schema; `{}` (anything) for what has no JSON form — a date, a transform's result, a custom
 * refinement function, a parser that is not zod — so one such field never blanks the whole description.
 */
function jsonSchemaOf(parser: unknown, io: "input" | "output"): JsonSchema {
  // Any zod 4 schema (`_zod`), whichever copy of zod made it; anything else has no schema to show.
  if (typeof parser !== "object" || parser === null || !("_zod" in parser)) return {};
  try {
    const schema = z.toJSONSchema(parser as z.ZodType, { io, unrepresentable: "any", cycles: "ref" }) as JsonSchema;
    delete schema.$schema; // the same for every procedure: said once, in docs/observability.md
    return schema;
  } catch {
    return {};
  }
}

function idempotencyOf(meta: unknown): ProcedureDescription["idempotent"] {
  const declared = (meta as SwitchboardMeta | undefined)?.idempotent;
  if (declared === true) return true;
  if (typeof declared === "object" && declared !== null && typeof declared.key === "string")
    return { key: declared.key };
  return false;
}

/**
 * Why `input` does not fit a published input schema — zod's message, one line — or undefined when it fits (or the
 * schema is one zod cannot read back, in which case the service is left to judge). For tools that call by name.
 */
export function inputProblem(schema: JsonSchema, input: unknown): string | undefined {
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema);
  } catch {
    return undefined;
  }
  const parsed = validator.safeParse(input);
  return parsed.success ? undefined : summarizeZodError(parsed.error);
}
