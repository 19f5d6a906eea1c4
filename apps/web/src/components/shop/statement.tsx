"use client";
import { ErrorMessage } from "../error-message.tsx";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { formatCents } from "../money.ts";

/** The account's ledger, newest first, ten entries a page. */
export function Statement() {
  const trpc = useTRPC();
  // Each entry of `pages` is the `before` cursor of a page; the first page has none.
  const [pages, setPages] = useState<Array<number | undefined>>([undefined]);
  const before = pages.at(-1);
  const statement = useQuery({
    ...trpc.shop.statement.queryOptions({ before }),
    placeholderData: (previous) => previous,
  });

  return (
    <section className="card statement" aria-labelledby="statement-heading">
      <h2 id="statement-heading">Statement</h2>
      {statement.isPending ? (
        <p role="status">Loading…</p>
      ) : statement.isError ? (
        <ErrorMessage error={statement.error} />
      ) : statement.data.entries.length === 0 ? (
        <p className="empty">No deposits or purchases yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col" className="number">
                Amount
              </th>
              <th scope="col" className="number">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {statement.data.entries.map((entry) => (
              <tr key={entry.id} data-kind={entry.kind}>
                <td>{new Date(entry.createdAt).toLocaleString("en-GB")}</td>
                <td>{entry.kind === "deposit" ? "Deposit" : `Bought ${entry.item ?? ""}`}</td>
                <td className="number">{`${entry.kind === "deposit" ? "+" : "−"}${formatCents(entry.amountCents)}`}</td>
                <td className="number">{formatCents(entry.balanceAfterCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        {pages.length > 1 && (
          <button type="button" className="secondary" onClick={() => setPages(pages.slice(0, -1))}>
            Newer
          </button>
        )}
        {statement.data?.nextBefore && (
          <button
            type="button"
            className="secondary"
            onClick={() => setPages([...pages, statement.data.nextBefore ?? undefined])}
          >
            Older
          </button>
        )}
      </div>
    </section>
  );
}
