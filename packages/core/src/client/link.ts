import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import { createSender, type SenderOptions } from "./sender.ts";

/**
 * Switchboard as a terminating tRPC link, for a standard `createTRPCClient` (or React Query's): resolution, balancing
 * and failover of `createSender`, in tRPC's link chain. `connect()` skips the chain for speed; both send alike.
 */
export function switchboardLink<TRouter extends AnyRouter>(options: SenderOptions): TRPCLink<TRouter> {
  const send = createSender(options);
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === "subscription") {
          observer.error(new TRPCClientError(`subscriptions are not supported by switchboardLink (${op.path})`));
          return;
        }
        const timeoutMs = op.context.timeoutMs;
        send(
          { type: op.type, path: op.path, input: op.input },
          { signal: op.signal ?? undefined, timeoutMs: typeof timeoutMs === "number" ? timeoutMs : undefined },
        ).then(
          (data) => {
            observer.next({ result: { type: "data", data } });
            observer.complete();
          },
          (error: TRPCClientError<TRouter>) => observer.error(error),
        );
      });
}
