import type { TRPCClient } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import type { CallLimits, Sender } from "./sender.ts";
import type { Subscriber, SubscriptionHandlers } from "./subscriber.ts";

/**
 * tRPC's per-call options; `context.timeoutMs` bounds this one call, `context.onAnswer(url)` hears which instance
 * answered it.
 */
interface CallOptions {
  signal?: AbortSignal;
  context?: { timeoutMs?: unknown; onAnswer?: unknown };
}

function limitsOf(options: CallOptions | undefined): CallLimits {
  const { timeoutMs, onAnswer } = options?.context ?? {};
  return {
    signal: options?.signal,
    timeoutMs: typeof timeoutMs === "number" ? timeoutMs : undefined,
    onAnswer: typeof onAnswer === "function" ? (onAnswer as (url: string) => void) : undefined,
  };
}

/**
 * A `TRPCClient<TRouter>` — the same type `createTRPCClient` returns, so inference is tRPC's own — whose `.query()`,
 * `.mutate()` and `.subscribe()` go straight to the sender and subscriber. tRPC's client runs each call through an
 * observable link chain, which costs ~35 µs of CPU per call here; this proxy costs well under one. Path objects are
 * created once and cached.
 */
export function createDirectClient<TRouter extends AnyRouter>(
  send: Sender,
  subscribe: Subscriber,
): TRPCClient<TRouter> {
  const nodes = new Map<string, object>();

  function node(path: string): object {
    const cached = nodes.get(path);
    if (cached) return cached;
    const procedure: Record<string, unknown> = {
      query: (input: unknown, options?: CallOptions) => send({ type: "query", path, input }, limitsOf(options)),
      mutate: (input: unknown, options?: CallOptions) => send({ type: "mutation", path, input }, limitsOf(options)),
      subscribe: (input: unknown, handlers: SubscriptionHandlers & { signal?: AbortSignal }) => {
        const subscription = subscribe(path, input, handlers);
        handlers.signal?.addEventListener("abort", () => subscription.unsubscribe(), { once: true });
        return subscription;
      },
    };
    const created = new Proxy(procedure, {
      get(target, key) {
        if (typeof key !== "string" || key === "then") return undefined;
        if (path !== "" && key in target) return target[key];
        return node(path === "" ? key : `${path}.${key}`);
      },
    });
    nodes.set(path, created);
    return created;
  }

  return node("") as TRPCClient<TRouter>;
}
