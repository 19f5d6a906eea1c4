import { inSpan, SpanKind } from "@switchboard/core/server";
import type { ShopStore } from "./store.ts";

type StoreGroup = "ledger" | "sessions" | "accounts" | "throttle";

/**
 * The same store, with a `CLIENT` span around every database operation (`ledger.apply`, `sessions.accountOf`, …) when
 * tracing is on, so a trace shows where a call spent its time: the shop's procedure, then its statements. The spans
 * name the operation, never its arguments (sessions and password hashes stay out of traces). Off: one check a call.
 */
export function tracedShopStore(store: ShopStore, system: "sqlite" | "postgresql"): ShopStore {
  return {
    ledger: tracedGroup(store.ledger, "ledger", system),
    sessions: tracedGroup(store.sessions, "sessions", system),
    accounts: tracedGroup(store.accounts, "accounts", system),
    throttle: tracedGroup(store.throttle, "throttle", system),
    close: () => store.close(),
  };
}

function tracedGroup<T extends object>(methods: T, group: StoreGroup, system: string): T {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(methods, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || typeof key !== "string") return value;
      let wrapper = wrappers.get(key);
      if (!wrapper) {
        const operation = `${group}.${key}`;
        const attributes = { "db.system.name": system, "db.operation.name": operation };
        wrapper = (...args: unknown[]) =>
          inSpan(`${system} ${operation}`, { kind: SpanKind.CLIENT, attributes }, () =>
            Promise.resolve((value as (...parameters: unknown[]) => unknown).apply(target, args)),
          );
        wrappers.set(key, wrapper);
      }
      return wrapper;
    },
  });
}
