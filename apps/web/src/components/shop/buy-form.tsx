"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { errorText } from "../error-text.ts";
import { parseAmount } from "../money.ts";
import { useIdempotencyKey } from "./use-idempotency-key.ts";
import { useRefreshAccount } from "./use-refresh-account.ts";

export function BuyForm() {
  const trpc = useTRPC();
  const refresh = useRefreshAccount();
  const idempotency = useIdempotencyKey();
  const [item, setItem] = useState("");
  const [price, setPrice] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const buy = useMutation(
    trpc.shop.buy.mutationOptions({
      onSuccess: async () => {
        idempotency.renew();
        setItem("");
        setPrice("");
        await refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(price);
    if ("error" in parsed) return setFormError(parsed.error);
    if (!item.trim()) return setFormError("say what you are buying");
    setFormError(null);
    buy.mutate({ priceCents: parsed.cents, item, idempotencyKey: idempotency.key() });
  }

  const error = formError ?? (buy.isError ? errorText(buy.error) : null);
  return (
    <section className="card" aria-labelledby="buy-heading">
      <h2 id="buy-heading">Buy</h2>
      <form onSubmit={submit} className="stack" noValidate>
        <label>
          Item
          <input value={item} onChange={(event) => setItem(event.target.value)} maxLength={200} placeholder="a book" />
        </label>
        <label>
          Price
          <input
            value={price}
            onChange={(event) => setPrice(event.target.value)}
            inputMode="decimal"
            placeholder="37.00"
            aria-describedby={error ? "buy-error" : undefined}
          />
        </label>
        <button type="submit" disabled={buy.isPending}>
          Buy
        </button>
        {error && (
          <p role="alert" id="buy-error" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
