"use client";
import { ErrorMessage } from "./error-message.tsx";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc/client.tsx";

export function DirectoryView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [prefix, setPrefix] = useState("");
  const [tag, setTag] = useState("");
  const list = useQuery({
    ...trpc.directory.list.queryOptions({ prefix, tag }),
    placeholderData: (previous) => previous,
  });
  // Every registry change (registered, updated, removed, expired) lists again: no manual refresh.
  useSubscription(
    trpc.directory.changes.subscriptionOptions(undefined, {
      onData: () => void queryClient.invalidateQueries({ queryKey: trpc.directory.list.queryKey() }),
    }),
  );
  const now = useClock(list.data?.now);

  return (
    <section aria-labelledby="directory-filters">
      <h2 id="directory-filters" className="visually-hidden">
        Filters
      </h2>
      <div className="filters">
        <label>
          Name prefix
          <input value={prefix} onChange={(event) => setPrefix(event.target.value)} placeholder="example." />
        </label>
        <label>
          Tag
          <input value={tag} onChange={(event) => setTag(event.target.value)} placeholder="any tag" />
        </label>
      </div>
      {list.isPending ? (
        <p role="status">Loading the directory…</p>
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.names.length === 0 ? (
        <p role="status" className="empty">
          No registered services{prefix || tag ? " match these filters" : ""}.
        </p>
      ) : (
        <ul className="directory" aria-label="Registered services">
          {list.data.names.map((entry) => (
            <li key={entry.name} className="card" data-name={entry.name}>
              <h3>{entry.name}</h3>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Instance</th>
                    <th scope="col">Tags</th>
                    <th scope="col">Last heartbeat</th>
                    <th scope="col">Health</th>
                  </tr>
                </thead>
                <tbody>
                  {entry.instances.map((instance) => (
                    <tr key={instance.url} data-url={instance.url}>
                      <td className="url">{instance.url}</td>
                      <td>{instance.tags.length ? instance.tags.join(", ") : "—"}</td>
                      <td>{leaseAge(instance, now)}</td>
                      <td>{instance.healthy ? "healthy" : "failing checks"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** How long ago the instance last renewed its lease: the lease started ttl before it expires. */
function leaseAge(instance: { leaseExpiresAt: number; ttlMs: number }, now: number): string {
  const seconds = Math.max(0, Math.round((now - (instance.leaseExpiresAt - instance.ttlMs)) / 1000));
  return `${seconds} s ago (lease ${Math.round(instance.ttlMs / 1000)} s)`;
}

/** The server's clock, ticking every second between fetches, so lease ages stay current. */
function useClock(serverNow: number | undefined): number {
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (serverNow !== undefined) setOffset(serverNow - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return tick + offset;
}
