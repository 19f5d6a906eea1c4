/** What a failed call's error says about the answer: tRPC's `data` (code, httpStatus, zodError, resolution…). */
export interface AnsweredErrorData {
  message: string;
  data: { code?: unknown; httpStatus?: unknown; zodError?: unknown };
  /** Set when the name could not be resolved: the registry's answer, not the service's. */
  resolution: unknown;
}

/**
 * Reads a TRPCClientError by its shape, not by `instanceof`: in the Next server's bundle the client library's errors
 * and this app's import of `@trpc/client` can be two copies of the class, and an `instanceof` that fails would turn
 * every refusal ("insufficient funds: …") into "not answering".
 */
export function answeredErrorData(error: unknown): AnsweredErrorData | undefined {
  if (!(error instanceof Error) || error.name !== "TRPCClientError") return undefined;
  const data = (error as Error & { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return { message: error.message, data: {}, resolution: undefined };
  return { message: error.message, data, resolution: (data as { resolution?: unknown }).resolution };
}
