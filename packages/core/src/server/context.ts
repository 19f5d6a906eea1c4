import type { IncomingHttpHeaders } from "node:http";

/** What every transport hands a service's context factory: the request's headers, nothing transport-specific. */
export interface CreateContextOptions {
  headers: IncomingHttpHeaders;
}

export type CreateContext<TContext> = (options: CreateContextOptions) => TContext | Promise<TContext>;
