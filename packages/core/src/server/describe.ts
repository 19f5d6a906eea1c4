import type { AnyRouter } from "@trpc/server";
import type { SwitchboardMeta } from "../trpc.ts";
import type { ProcedureType } from "./procedures.ts";

/** What a service says about one of its procedures at `GET /describe`. */
export interface ProcedureDescription {
  path: string;
  type: ProcedureType;
  /** From the procedure's `.meta({ idempotent })`: whether a client may send it again after a dropped connection. */
  idempotent: NonNullable<SwitchboardMeta["idempotent"]>;
}

export interface ServiceDescription {
  procedures: ProcedureDescription[];
}

/** The router's procedures as clients need to know them, sorted by path. */
export function describeRouter(router: AnyRouter): ServiceDescription {
  const procedures = router._def.procedures as Record<string, { _def: { type: ProcedureType; meta?: unknown } }>;
  return {
    procedures: Object.entries(procedures)
      .map(([path, procedure]) => ({
        path,
        type: procedure._def.type,
        idempotent: idempotencyOf(procedure._def.meta),
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

function idempotencyOf(meta: unknown): ProcedureDescription["idempotent"] {
  const declared = (meta as SwitchboardMeta | undefined)?.idempotent;
  if (declared === true) return true;
  if (typeof declared === "object" && declared !== null && typeof declared.key === "string")
    return { key: declared.key };
  return false;
}
