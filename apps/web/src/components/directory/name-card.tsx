import Link from "next/link";
import { InstancePanel } from "./instance-panel.tsx";
import type { DirectoryEntry } from "./types.ts";

/** One registered name: its live instances, each with what it offers and how its calls go. */
export function NameCard({ entry, now, chartLimit }: { entry: DirectoryEntry; now: number; chartLimit: number }) {
  const consoleHref = `/console?${new URLSearchParams({ name: entry.name }).toString()}`;
  return (
    <li className="card" data-name={entry.name}>
      <div className="card-heading">
        <h3>{entry.name}</h3>
        <Link href={consoleHref}>Call in the console</Link>
      </div>
      {entry.instances.map((instance) => (
        <InstancePanel
          key={instance.url}
          serviceName={entry.name}
          instance={instance}
          now={now}
          chartLimit={chartLimit}
        />
      ))}
    </li>
  );
}
