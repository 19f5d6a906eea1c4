"use client";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { ErrorMessage } from "../error-message.tsx";
import { parseAmount } from "../money.ts";
import { useMoneyAction } from "./use-money-action.ts";

export function BuyForm() {
  const trpc = useTRPC();
  const [item, setItem] = useState("");
  const [price, setPrice] = useState("");
  const buy = useMoneyAction(trpc.shop.buy.mutationOptions(), () => {
    setItem("");
    setPrice("");
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(price);
    if ("error" in parsed) return buy.refuse(parsed.error);
    if (!item.trim()) return buy.refuse("say what you are buying");
    buy.send({ priceCents: parsed.cents, item });
  }

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
            aria-describedby={buy.error ? "buy-error" : undefined}
          />
        </label>
        <button type="submit" disabled={buy.pending}>
          Buy
        </button>
        <ErrorMessage id="buy-error" error={buy.error} />
      </form>
    </section>
  );
}
