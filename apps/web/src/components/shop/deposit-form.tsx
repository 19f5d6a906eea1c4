"use client";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { ErrorMessage } from "../error-message.tsx";
import { parseAmount } from "../money.ts";
import { useMoneyAction } from "./use-money-action.ts";

export function DepositForm() {
  const trpc = useTRPC();
  const [amount, setAmount] = useState("");
  const deposit = useMoneyAction(trpc.shop.deposit.mutationOptions(), () => setAmount(""));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(amount);
    if ("error" in parsed) return deposit.refuse(parsed.error);
    deposit.send({ amountCents: parsed.cents });
  }

  return (
    <section className="card" aria-labelledby="deposit-heading">
      <h2 id="deposit-heading">Deposit</h2>
      <form onSubmit={submit} className="stack" noValidate>
        <label>
          Amount
          <input
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            inputMode="decimal"
            placeholder="100.00"
            aria-describedby={deposit.error ? "deposit-error" : undefined}
          />
        </label>
        <button type="submit" disabled={deposit.pending}>
          Deposit
        </button>
        <ErrorMessage id="deposit-error" error={deposit.error} />
      </form>
    </section>
  );
}
