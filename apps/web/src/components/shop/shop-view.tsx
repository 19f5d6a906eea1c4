"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/client.tsx";
import { errorText } from "../error-text.ts";
import { AccountPanel } from "./account-panel.tsx";
import { LogOnForm } from "./log-on-form.tsx";

export function ShopView() {
  const trpc = useTRPC();
  const account = useQuery(trpc.shop.account.queryOptions());
  if (account.isPending) return <p role="status">Loading your account…</p>;
  if (account.isError) {
    return (
      <p role="alert" className="error">
        {errorText(account.error)}
      </p>
    );
  }
  return account.data ? <AccountPanel account={account.data} /> : <LogOnForm />;
}
