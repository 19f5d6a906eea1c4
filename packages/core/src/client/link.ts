import { type TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import { combinedTransformer, type TransformerOption } from "./codec.ts";
import { createSender, type SenderOptions } from "./sender.ts";
import { createSubscriber } from "./subscriber.ts";

export interface SwitchboardLinkOptions extends Omit<SenderOptions, "transformer"> {
  /** The router's transformer, as tRPC's own terminating links take it. */
  transformer?: TransformerOption;
}

/**
 * Switchboard as a terminating tRPC link, for a standard `createTRPCClient` (or React Query's): resolution, balancing,
 * failover and resumed subscriptions, in tRPC's link chain. `connect()` skips the chain for speed; both send alike.
 */
export function switchboardLink<TRouter extends AnyRouter>(options: SwitchboardLinkOptions): TRPCLink<TRouter> {
  const transformer = combinedTransformer(options.transformer);
  const send = createSender({ ...options, transformer });
  const subscribe = createSubscriber({ target: options.target, transport: options.transport, transformer });
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === "subscription") {
          const subscription = subscribe(op.path, op.input, {
            onStarted: () => observer.next({ result: { type: "started" } }),
            onData: (data) => observer.next({ result: { type: "data", data } }),
            onError: (error) => observer.error(error),
            onStopped: () => observer.next({ result: { type: "stopped" } }),
            onComplete: () => observer.complete(),
          });
          return () => subscription.unsubscribe();
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
