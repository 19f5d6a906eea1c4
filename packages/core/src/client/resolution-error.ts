import { TRPCClientError } from "@trpc/client";

/** Why a name (or a set of tags) could not be turned into an instance to call. */
export interface Resolution {
  /** The name, or `tags: a, b`. */
  service: string;
  /** The registry's own error code (`NOT_FOUND` for an unknown name, `UNAUTHORIZED`…), or `UNREACHABLE`. */
  cause: string;
}

/**
 * The error of a call that never reached its service because the name could not be resolved: its own shape, so a
 * caller can tell "the shop is not there" from "the shop refused" — `data.code` is SERVICE_UNAVAILABLE (503) and
 * `data.resolution` says which name and why, whatever the registry answered (its UNAUTHORIZED is not the service's).
 */
export function resolutionError(service: string, cause: string, why: string, error?: unknown): TRPCClientError<never> {
  const resolution: Resolution = { service, cause };
  const failure = TRPCClientError.from({
    error: {
      code: -32603,
      message: `cannot resolve ${service}: ${why}`,
      data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, path: null, resolution },
    },
  });
  if (error instanceof Error) Object.defineProperty(failure, "cause", { value: error });
  return failure;
}

/**
 * The resolution failure behind an error, if it is one. Read by shape, not `instanceof`: a bundler (Next's server
 * bundle) may hold two copies of `TRPCClientError`, and an error from the other copy is still this error.
 */
export function resolutionOf(error: unknown): Resolution | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const resolution = (error.data as { resolution?: Partial<Resolution> } | undefined | null)?.resolution;
  return typeof resolution?.service === "string" && typeof resolution.cause === "string"
    ? { service: resolution.service, cause: resolution.cause }
    : undefined;
}
