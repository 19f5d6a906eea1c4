"use client";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { ErrorMessage } from "../error-message.tsx";
import { ProcedureForm } from "./procedure-form.tsx";
import type { ServiceProcedures } from "./types.ts";

export interface ConsoleSelection {
  name: string;
  procedure: string;
}

/**
 * Pick a registered name and one of its procedures, then call it. The server renders the choices first (a GET form
 * that works without JavaScript); calling needs the browser.
 */
export function ConsoleView({
  names,
  initialSelection,
  initialProcedures,
}: {
  names: string[];
  initialSelection: ConsoleSelection;
  initialProcedures: ServiceProcedures | undefined;
}) {
  const trpc = useTRPC();
  const [selection, setSelection] = useState(initialSelection);
  const registered = useQuery({ ...trpc.directory.names.queryOptions(), initialData: names });
  const procedures = useQuery({
    ...trpc.console.procedures.queryOptions({ name: selection.name }),
    enabled: selection.name !== "",
    initialData: selection.name === initialSelection.name ? initialProcedures : undefined,
  });
  const offered = procedures.data?.procedures ?? [];
  const chosen = offered.find((procedure) => procedure.path === selection.procedure);

  function choose(next: ConsoleSelection) {
    setSelection(next);
    const search = new URLSearchParams(Object.entries(next).filter(([, text]) => text !== "")).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }

  return (
    <>
      <form className="filters" method="get" onSubmit={(event: FormEvent) => event.preventDefault()}>
        <label>
          Service
          <select
            name="name"
            value={selection.name}
            onChange={(event) => choose({ name: event.target.value, procedure: "" })}
          >
            <option value="">choose a registered name…</option>
            {[...new Set([...registered.data, ...(selection.name ? [selection.name] : [])])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Procedure
          <select
            name="procedure"
            value={selection.procedure}
            disabled={offered.length === 0}
            onChange={(event) => choose({ ...selection, procedure: event.target.value })}
          >
            <option value="">choose…</option>
            {offered.map((procedure) => (
              <option key={procedure.path} value={procedure.path} disabled={procedure.type === "subscription"}>
                {procedure.path} ({procedure.type})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          Show
        </button>
      </form>
      {selection.name === "" ? (
        <p className="empty">Choose a service to see what it offers.</p>
      ) : procedures.isPending ? (
        <p role="status">Asking {selection.name} what it offers…</p>
      ) : procedures.isError ? (
        <ErrorMessage error={procedures.error} />
      ) : chosen ? (
        <section className="card" aria-labelledby="procedure-heading">
          <h2 id="procedure-heading">
            <code>{chosen.path}</code> <span className="kind">{chosen.type}</span>
          </h2>
          <p className="muted">
            {selection.name} · {procedures.data.instances} live instance{procedures.data.instances === 1 ? "" : "s"}
            {chosen.idempotent !== false && " · safe to send again"}
          </p>
          {chosen.type === "subscription" ? (
            <p className="empty">Subscriptions are not called from the console.</p>
          ) : (
            <ProcedureForm key={`${selection.name}/${chosen.path}`} serviceName={selection.name} procedure={chosen} />
          )}
          <details>
            <summary>Input and output schemas</summary>
            <h3>Input</h3>
            <pre>{chosen.input ? JSON.stringify(chosen.input, null, 2) : "none declared"}</pre>
            <h3>Output</h3>
            <pre>{chosen.output ? JSON.stringify(chosen.output, null, 2) : "none declared"}</pre>
          </details>
        </section>
      ) : (
        <ul className="procedure-list" aria-label={`Procedures of ${selection.name}`}>
          {offered.map((procedure) => (
            <li key={procedure.path}>
              <a
                href={`?${new URLSearchParams({ name: selection.name, procedure: procedure.path }).toString()}`}
                onClick={(event) => {
                  event.preventDefault();
                  choose({ ...selection, procedure: procedure.path });
                }}
              >
                {procedure.path}
              </a>{" "}
              <span className="kind">{procedure.type}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
