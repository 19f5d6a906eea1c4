"use client";
import { ErrorMessage } from "../error-message.tsx";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../trpc/client.tsx";
import { AccountPanel } from "./account-panel.tsx";
import { LogOnForm } from "./log-on-form.tsx";

export function ShopView() {
  const trpc = useTRPC();
  const account = useQuery(trpc.shop.account.queryOptions());
  if (account.isPending) return <p role="status">Loading your account…</p>;
  if (account.isError) {
    return <ErrorMessage error={account.error} />;
  }
  return account.data ? <AccountPanel account={account.data} /> : <LogOnForm />;
}
