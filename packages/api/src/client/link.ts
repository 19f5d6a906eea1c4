import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import { TransportError, type CallEnvelope, type Transport } from "./transport.ts";

/** Where calls go: a fixed URL, or the live instances of a name. */
export interface CallTarget {
  /** What the target is called in error messages: a URL or a service name. */
  readonly description: string;
  /** The base URL for the next call. */
  pick(): Promise<string>;
  /** The instance at `url` failed at the transport level: stop sending calls there. */
  failed(url: string): void;
}

export interface SwitchboardLinkOptions {
  target: CallTarget;
  transport: Transport;
  /** How many instances one call may try before it fails (default 3). */
  maxAttempts?: number;
}

/**
 * The terminating tRPC link of Switchboard clients: sends each operation at once over the transport to the target's
 * current instance. When the connection fails, the instance is dropped and the call goes to another one — always if
 * the request was never sent, and for queries (idempotent) even if it was.
 */
export function switchboardLink<TRouter extends AnyRouter>(options: SwitchboardLinkOptions): TRPCLink<TRouter> {
  const { target, transport, maxAttempts = 3 } = options;

  async function send(
    call: { type: "query" | "mutation"; path: string; input: unknown },
    signal?: AbortSignal,
  ): Promise<CallEnvelope> {
    let lastError: TransportError | undefined;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const url = await target.pick();
      try {
        return await transport.request(url, call, signal);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        target.failed(url);
        lastError = error;
        if (error.sent && call.type !== "query") break;
      }
    }
    throw new TRPCClientError(
      `${call.path} on ${target.description} failed: ${lastError?.message ?? "no instance answered"}`,
      {
        cause: lastError,
      },
    );
  }

  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === "subscription") {
          observer.error(new TRPCClientError(`subscriptions are not supported by switchboardLink (${op.path})`));
          return;
        }
        send({ type: op.type, path: op.path, input: op.input }, op.signal ?? undefined).then(
          (envelope) => {
            if ("error" in envelope) {
              observer.error(TRPCClientError.from(envelope));
              return;
            }
            observer.next({ result: { type: "data", data: envelope.result.data } });
            observer.complete();
          },
          (error: unknown) =>
            observer.error(TRPCClientError.from(error instanceof Error ? error : new Error(String(error)))),
        );
      });
}

/** A target that is always the same base URL. */
export function fixedTarget(url: string): CallTarget {
  return { description: url, pick: () => Promise.resolve(url), failed: () => undefined };
}
