"use client";
import { ErrorMessage } from "../error-message.tsx";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { formatCents } from "../money.ts";

/** All accounts, for the operator: the token is typed here for one look and never stored. */
export function OperatorView() {
  const trpc = useTRPC();
  const [token, setToken] = useState("");
  const [submitted, setSubmitted] = useState("");
  const accounts = useQuery({
    ...trpc.shop.allAccounts.queryOptions({ operatorToken: submitted }),
    enabled: submitted !== "",
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(token);
  }

  return (
    <details className="card operator">
      <summary>Operator view</summary>
      <form onSubmit={submit} className="stack">
        <label>
          Operator token
          <input
            type="password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            required
            autoComplete="off"
          />
          <span className="hint">SHOP_OPERATOR_TOKEN; `npm start` keeps one in .data/shop-operator-token.</span>
        </label>
        <button type="submit">Show all accounts</button>
      </form>
      {accounts.isFetching && <p role="status">Loading…</p>}
      <ErrorMessage error={accounts.error} />
      {accounts.data &&
        (accounts.data.length === 0 ? (
          <p className="empty">No accounts yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col" className="number">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <tr key={account.name}>
                  <td>{account.name}</td>
                  <td className="number">{formatCents(account.balanceCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </details>
  );
}
