"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { errorText } from "../error-text.ts";
import { parseAmount } from "../money.ts";
import { useIdempotencyKey } from "./use-idempotency-key.ts";
import { useRefreshAccount } from "./use-refresh-account.ts";

export function DepositForm() {
  const trpc = useTRPC();
  const refresh = useRefreshAccount();
  const idempotency = useIdempotencyKey();
  const [amount, setAmount] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const deposit = useMutation(
    trpc.shop.deposit.mutationOptions({
      onSuccess: async () => {
        idempotency.renew();
        setAmount("");
        await refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseAmount(amount);
    if ("error" in parsed) return setFormError(parsed.error);
    setFormError(null);
    deposit.mutate({ amountCents: parsed.cents, idempotencyKey: idempotency.key() });
  }

  const error = formError ?? (deposit.isError ? errorText(deposit.error) : null);
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
            aria-invalid={formError ? true : undefined}
            aria-describedby={error ? "deposit-error" : undefined}
          />
        </label>
        <button type="submit" disabled={deposit.isPending}>
          Deposit
        </button>
        {error && (
          <p role="alert" id="deposit-error" className="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
