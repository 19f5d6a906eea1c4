"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client.tsx";
import { ErrorMessage } from "../error-message.tsx";
import { NameCard } from "./name-card.tsx";
import type { DirectoryList } from "./types.ts";

/** How often the page asks for fresh call charts (the web server samples each instance at this rate). */
const chartRefreshMs = 2_000;

export interface DirectoryFilters {
  prefix: string;
  tag: string;
}

/**
 * The live directory. The server renders it first (`initial`), so it reads without JavaScript, and the filters are a
 * plain GET form; in the browser it then follows the registry's changes and refreshes the call charts.
 */
export function DirectoryView({
  initial,
  initialFilters,
}: {
  initial: DirectoryList | undefined;
  initialFilters: DirectoryFilters;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState(initialFilters);
  const unchanged = filters.prefix === initialFilters.prefix && filters.tag === initialFilters.tag;
  const list = useQuery({
    ...trpc.directory.list.queryOptions(filters),
    initialData: unchanged ? initial : undefined,
    placeholderData: (previous) => previous,
    refetchInterval: chartRefreshMs,
  });
  // Every registry change (registered, updated, removed, expired) lists again at once.
  useSubscription(
    trpc.directory.changes.subscriptionOptions(undefined, {
      onData: () => void queryClient.invalidateQueries({ queryKey: trpc.directory.list.queryKey() }),
    }),
  );
  const now = useClock(list.data?.now);

  function change(key: keyof DirectoryFilters, value: string) {
    const next = { ...filters, [key]: value };
    setFilters(next);
    // The address keeps the filters, so a reload or a shared link shows the same list.
    const search = new URLSearchParams(Object.entries(next).filter(([, text]) => text !== "")).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }

  return (
    <section aria-labelledby="directory-filters">
      <h2 id="directory-filters" className="visually-hidden">
        Filters
      </h2>
      <form className="filters" method="get" role="search" onSubmit={(event: FormEvent) => event.preventDefault()}>
        <label>
          Name prefix
          <input
            name="prefix"
            value={filters.prefix}
            onChange={(event) => change("prefix", event.target.value)}
            placeholder="example."
          />
        </label>
        <label>
          Tag
          <input
            name="tag"
            value={filters.tag}
            onChange={(event) => change("tag", event.target.value)}
            placeholder="any tag"
          />
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </form>
      {list.isPending ? (
        <p role="status">Loading the directory…</p>
      ) : list.isError && !list.data ? (
        <ErrorMessage error={list.error} />
      ) : list.data.names.length === 0 ? (
        <p role="status" className="empty">
          No registered services{filters.prefix || filters.tag ? " match these filters" : ""}.
        </p>
      ) : (
        <ul className="directory" aria-label="Registered services">
          {list.data.names.map((entry) => (
            <NameCard key={entry.name} entry={entry} now={now} chartLimit={list.data.maxChartedInstances} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The server's clock, ticking every second between fetches, so lease ages stay current. */
function useClock(serverNow: number | undefined): number {
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(() => serverNow ?? Date.now());
  useEffect(() => {
    if (serverNow !== undefined) setOffset(serverNow - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return tick + offset;
}
