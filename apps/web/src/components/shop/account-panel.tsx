"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/client.tsx";
import { formatCents } from "../money.ts";
import { BuyForm } from "./buy-form.tsx";
import { DepositForm } from "./deposit-form.tsx";
import { Statement } from "./statement.tsx";
import { useRefreshAccount } from "./use-refresh-account.ts";

export function AccountPanel({ account }: { account: { name: string; balanceCents: number } }) {
  const trpc = useTRPC();
  const refresh = useRefreshAccount();
  const logOut = useMutation(trpc.shop.logOut.mutationOptions({ onSettled: refresh }));
  return (
    <div className="shop-grid">
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Hello, {account.name}</h2>
        <p className="balance">
          Balance <output data-testid="balance">{formatCents(account.balanceCents)}</output>
        </p>
        <button type="button" className="secondary" onClick={() => logOut.mutate()} disabled={logOut.isPending}>
          Log out
        </button>
      </section>
      <DepositForm />
      <BuyForm />
      <Statement />
    </div>
  );
}
