import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  TRPCError,
  type AnyRouter,
} from "@trpc/server";
import type { TRPCErrorShape } from "@trpc/server/rpc";

export type ProcedureType = "query" | "mutation" | "subscription";

/** The outcome of one call, before serialization: what the HTTP and WebSocket transports both answer. */
export type CallOutcome = { ok: true; data: unknown } | { ok: false; error: TRPCErrorShape; cause: TRPCError };

export interface ProcedureCall {
  type: ProcedureType;
  path: string;
  /** The input as it arrived on the wire, before the router's transformer (e.g. superjson) deserializes it. */
  rawInput: unknown;
  ctx: unknown;
  signal?: AbortSignal;
}

/** What a call site knows about the call when it turns a thrown value into tRPC's error shape. */
export interface ErrorSite {
  type: ProcedureType | "unknown";
  path: string | undefined;
  input: unknown;
  ctx: unknown;
}

/** The type of the procedure at `path`, or undefined when the router has none there (or it is behind a lazy router). */
export function procedureTypeAt(router: AnyRouter, path: string): ProcedureType | undefined {
  const procedures = router._def.procedures as Record<string, { _def: { type: ProcedureType } } | undefined>;
  return Object.hasOwn(procedures, path) ? procedures[path]?._def.type : undefined;
}

/**
 * Runs one procedure with tRPC's own machinery (`callTRPCProcedure`: middlewares, input and output parsers, lazy
 * routers, NOT_FOUND for an unknown path) after the router's transformer has deserialized the input. For a
 * subscription the data is the procedure's async iterable (or observable), not yet consumed.
 */
export async function runProcedure(router: AnyRouter, call: ProcedureCall): Promise<CallOutcome> {
  const { type, path, rawInput, ctx, signal } = call;
  let input: unknown;
  try {
    input = rawInput === undefined ? undefined : router._def._config.transformer.input.deserialize(rawInput);
    const data: unknown = await callTRPCProcedure({
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
export function errorOutcome(router: AnyRouter, cause: unknown, site: ErrorSite): CallOutcome & { ok: false } {
  const error = getTRPCErrorFromUnknown(cause);
  const shape = getTRPCErrorShape({ config: router._def._config, error, ...site }) as TRPCErrorShape;
  return { ok: false, error: shape, cause: error };
}

/** The error outcome of a failure the transport itself detected (bad JSON, too large, unsupported). */
export function transportError(
  router: AnyRouter,
  code: TRPCError["code"],
  message: string,
  path?: string,
): CallOutcome & { ok: false } {
  return errorOutcome(router, new TRPCError({ code, message }), {
    type: "unknown",
    path,
    input: undefined,
    ctx: undefined,
  });
}

/** tRPC's envelope for an outcome, its data (or error shape) serialized by the router's transformer. */
export function envelopeOf(router: AnyRouter, outcome: CallOutcome): Envelope {
  // Without a transformer, data goes out as it is: skip tRPC's per-reply transform (~3 µs of a ~60 µs call here).
  if (outcome.ok && sendsDataAsIs(router)) return { result: { data: outcome.data } };
  const untransformed = outcome.ok ? { result: { data: outcome.data } } : { error: outcome.error };
  const config = router._def._config as Parameters<typeof transformTRPCResponse>[0];
  return transformTRPCResponse(config, untransformed) as Envelope;
}

const dataAsIs = new WeakMap<AnyRouter, boolean>();

/** Whether the router's transformer leaves output as it is (tRPC's default, no transformer configured). */
function sendsDataAsIs(router: AnyRouter): boolean {
  let asIs = dataAsIs.get(router);
  if (asIs === undefined) {
    const probe = { probe: [new Date(0)] };
    asIs = router._def._config.transformer.output.serialize(probe) === probe;
    dataAsIs.set(router, asIs);
  }
  return asIs;
}

/** tRPC's response envelope on the wire: serialized data, or a serialized error shape. */
export type Envelope = { result: { data: unknown } } | { error: unknown };
