import { type TRPCError, type AnyRouter } from "@trpc/server";
import type { TRPCErrorShape } from "@trpc/server/rpc";
import { callProcedure, getErrorShape, getTRPCErrorFromUnknown } from "@trpc/server/unstable-core-do-not-import";

export type ProcedureType = "query" | "mutation";

/** The outcome of one call, in tRPC's own envelope: what both the HTTP and the WebSocket transports send. */
export type CallOutcome = { ok: true; data: unknown } | { ok: false; error: TRPCErrorShape; cause: TRPCError };

export interface CallOptions {
  router: AnyRouter;
  ctx: unknown;
  type: ProcedureType;
  path: string;
  input: unknown;
  signal?: AbortSignal;
}

/**
 * Runs one procedure with tRPC's own machinery (middlewares, input and output parsers, error formatter), minus the
 * request/response plumbing of the stock adapters that made them several times slower than a bare round trip.
 */
export async function callRouterProcedure(options: CallOptions): Promise<CallOutcome> {
  const { router, ctx, type, path, input, signal } = options;
  try {
    const data: unknown = await callProcedure({
      router,
      ctx,
      type,
      path,
      getRawInput: () => Promise.resolve(input),
      signal,
      batchIndex: 0,
    });
    return { ok: true, data };
  } catch (cause) {
    return errorOutcome(router, cause, { type, path, input, ctx });
  }
}

/** The formatted tRPC error shape for any thrown value, as the stock adapters would produce it. */
export function errorOutcome(
  router: AnyRouter,
  cause: unknown,
  call: { type: ProcedureType | "unknown"; path: string | undefined; input: unknown; ctx: unknown },
): CallOutcome & { ok: false } {
  const error = getTRPCErrorFromUnknown(cause);
  const shape = getErrorShape({ config: router._def._config, error, ...call }) as TRPCErrorShape;
  return { ok: false, error: shape, cause: error };
}

/** True when `path` names a procedure of this type on the router (lazy routers fall back to the stock handler). */
export function hasProcedure(router: AnyRouter, path: string, type: ProcedureType): boolean {
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;
  return procedures[path]?._def.type === type;
}
