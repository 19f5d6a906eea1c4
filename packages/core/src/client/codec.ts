import type { AnyRouter, CombinedDataTransformer, DataTransformer, inferTRPCClientTypes } from "@trpc/server";

/** A router's transformer as tRPC takes it on a client: one for both directions, or `{ input, output }`. */
export type TransformerOption = DataTransformer | CombinedDataTransformer;

/**
 * What a client of `TRouter` must be given: its router's transformer when it has one (superjson, say), as tRPC's own
 * links require — otherwise a `Date` would arrive as a string while its type says `Date`.
 */
export type TransformerOptions<TRouter extends AnyRouter> = inferTRPCClientTypes<TRouter>["transformer"] extends true
  ? { transformer: TransformerOption }
  : { transformer?: TransformerOption };

const identity: DataTransformer = { serialize: (value: unknown) => value, deserialize: (value: unknown) => value };

/** The transformer as tRPC uses it internally, both directions spelled out; none → JSON as it is. */
export function combinedTransformer(option: TransformerOption | undefined): CombinedDataTransformer {
  if (!option) return { input: identity, output: identity };
  return "input" in option ? option : { input: option, output: option };
}
