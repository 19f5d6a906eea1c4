import { z } from "zod";
import type { JsonSchema } from "../../json-schema/schema.ts";

/** A JSON Schema, or null when the procedure declares none (docs/observability.md). */
const schemaField = z
  .record(z.string(), z.unknown())
  .nullable()
  .optional()
  .transform((schema): JsonSchema | null => schema ?? null);

const procedureSchema = z.object({
  path: z.string().min(1).max(512),
  type: z.enum(["query", "mutation", "subscription"]),
  idempotent: z.union([z.boolean(), z.object({ key: z.string() })]).catch(false),
  input: schemaField.catch(null),
  output: schemaField.catch(null),
});

/**
 * What an instance says about itself at `GET /describe`. It comes from another process: read leniently (a field of
 * an unexpected shape becomes "not declared"), and a procedure that does not parse at all is left out.
 */
const descriptionSchema = z.object({
  name: z.string().nullable().catch(null),
  schemaHash: z.string().max(128).nullable().catch(null),
  procedures: z.array(z.unknown()).max(10_000),
});

export type ProcedureDescription = z.output<typeof procedureSchema>;

export interface ServiceDescription {
  name: string | null;
  schemaHash: string | null;
  procedures: ProcedureDescription[];
}

/** The description in a `/describe` reply, or undefined when the reply is not one. */
export function parseServiceDescription(text: string): ServiceDescription | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = descriptionSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const procedures = parsed.data.procedures.flatMap((entry) => {
    const procedure = procedureSchema.safeParse(entry);
    return procedure.success ? [procedure.data] : [];
  });
  return { name: parsed.data.name, schemaHash: parsed.data.schemaHash, procedures };
}

/** The `switchboard:schema=<hash>` tag every registration carries: which version an instance runs. */
export const schemaTagPrefix = "switchboard:schema=";

export function schemaHashOfTags(tags: readonly string[]): string | undefined {
  return tags.find((tag) => tag.startsWith(schemaTagPrefix))?.slice(schemaTagPrefix.length);
}
