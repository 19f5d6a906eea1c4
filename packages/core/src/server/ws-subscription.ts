/** How a subscription's source ended: by itself or by the abort (ok), or with an error. */
export type SubscriptionEnd = { ok: true } | { ok: false; error: unknown };

interface ObservableLike {
  subscribe(observer: { next: (value: unknown) => void; error: (error: unknown) => void; complete: () => void }): {
    unsubscribe(): void;
  };
}

/**
 * Feeds every value of a subscription's source — an async iterable (tRPC v11's async generators) or an observable
 * (the older style) — to `onValue` until it ends or `signal` aborts. An abort stops delivery at once, even while the
 * source is still waiting for its next value.
 */
export async function consumeSubscription(
  source: unknown,
  signal: AbortSignal,
  onValue: (value: unknown) => void,
): Promise<SubscriptionEnd> {
  if (isObservable(source)) return consumeObservable(source, signal, onValue);
  if (!isAsyncIterable(source))
    return { ok: false, error: new Error("a subscription must return an async iterable or an observable") };
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<"aborted">((resolve) => {
    if (signal.aborted) resolve("aborted");
    signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === "aborted" || next.done) break;
      onValue(next.value);
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    // Runs the generator's own cleanup (its `finally`); not awaited, since it may be parked on an await of its own.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

function consumeObservable(source: ObservableLike, signal: AbortSignal, onValue: (value: unknown) => void) {
  return new Promise<SubscriptionEnd>((resolve) => {
    const subscription = source.subscribe({
      next: onValue,
      error: (error) => resolve({ ok: false, error }),
      complete: () => resolve({ ok: true }),
    });
    signal.addEventListener(
      "abort",
      () => {
        subscription.unsubscribe();
        resolve({ ok: true });
      },
      { once: true },
    );
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

function isObservable(value: unknown): value is ObservableLike {
  return typeof value === "object" && value !== null && typeof (value as ObservableLike).subscribe === "function";
}
