import { initTRPC } from "@trpc/server";
import { z } from "zod";

/** "amountCents: amount must be positive; name: …" — zod's issues as one line a person can act on. */
export function summarizeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * What a procedure may declare about itself with `.meta(…)`. `idempotent`: running it twice does no more than once,
 * so a client may send it again to another instance when a connection drops mid-call — `true` always, `{ key }` when
 * its input carries that field as a string (an idempotency key the service applies once). Queries are always
 * retried; a mutation only when it declares this. Routers built with their own `initTRPC` declare the same shape.
 */
export interface SwitchboardMeta {
  idempotent?: boolean | { key: string };
}

/**
 * Creates the tRPC builders for one service with its own context type. Every service shares the same error
 * formatter, so clients see one error shape everywhere: tRPC's, with a readable message for bad input and the
 * flattened zod error in `data.zodError`. Stack traces and the messages of unexpected errors never leave the server.
 */
export function initService<TContext extends object>() {
  return initTRPC
    .context<TContext>()
    .meta<SwitchboardMeta>()
    .create({
      isDev: false,
      errorFormatter({ shape, error }) {
        const zodError = error.code === "BAD_REQUEST" && error.cause instanceof z.ZodError ? error.cause : null;
        return {
          ...shape,
          // An unexpected failure's own message may name files, queries or data: it is logged, never sent.
          message: zodError
            ? summarizeZodError(zodError)
            : error.code === "INTERNAL_SERVER_ERROR"
              ? "internal server error"
              : shape.message,
          data: { ...shape.data, zodError: zodError ? z.flattenError(zodError) : null },
        };
      },
    });
}
