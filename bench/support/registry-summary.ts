// The closing table of bench/registry.ts: one column per registry set-up, one row per figure, and the aims.
import { textTable } from "../../scripts/lib/text-table.ts";
import type { CpuFigure, FlatOutFigures, PacedFigures } from "./heartbeat-fleet.ts";
import type { LookupFigures } from "./lookup-latency.ts";
import type { PyroLookupFigures } from "./pyro-name-server.ts";
import type { FanoutFigures } from "./watch-fanout.ts";
import { thousands } from "./stats.ts";

export interface HeartbeatRun {
  instances: number;
  leaseTtlMs: number;
  paced: PacedFigures;
  flatOut: FlatOutFigures;
  stillLive: number;
}

export interface StoreReport {
  store: string;
  title: string;
  lookup: LookupFigures;
  heartbeats: HeartbeatRun[];
  fanout: FanoutFigures;
}

export const aims = { lookupP99Us: 1_000, heartbeatsPerSecond: 2_000 };

const us = (value: number) => (value >= 1_000 ? `${(value / 1_000).toFixed(2)} ms` : `${value} µs`);

/** "24.1 % (a 12.0, b 12.1)" for the processes whose label starts with `kind`. */
function cpuOf(figures: CpuFigure[], kind: string): string {
  const matching = figures.filter((figure) => figure.label.startsWith(kind));
  if (matching.length === 0) return "—";
  const total = matching.reduce((sum, figure) => sum + figure.percent, 0).toFixed(1);
  if (matching.length === 1) return `${total} %`;
  const parts = matching.map((figure) => `${figure.label.slice(kind.length).trim()} ${figure.percent.toFixed(1)}`);
  return `${total} % (${parts.join(", ")})`;
}

export function summaryTable(reports: StoreReport[], pyro: PyroLookupFigures | string): string {
  const column = (cell: (report: StoreReport) => string) => reports.map(cell);
  const registrations = reports[0]?.lookup.registrations ?? 0;
  const rows: string[][] = [
    [
      `lookup p50 / p99, among ${thousands(registrations)}`,
      ...column((r) => `${us(r.lookup.p50Us)} / ${us(r.lookup.p99Us)}`),
    ],
    ["registrations/s (32 concurrent)", ...column((r) => thousands(r.lookup.registrationsPerSecond))],
  ];
  const runs = reports[0]?.heartbeats ?? [];
  runs.forEach((run, index) => {
    const each = (cell: (figures: HeartbeatRun) => string) =>
      column((r) => (r.heartbeats[index] ? cell(r.heartbeats[index]) : "—"));
    const every = `${(run.leaseTtlMs / 3000).toFixed(1)} s`;
    rows.push(
      [
        `${thousands(run.instances)} instances, each every ${every}`,
        ...each((h) => `${thousands(h.paced.heartbeatsPerSecond)}/s, ${h.paced.failed} failed`),
      ],
      ["  CPU: registries", ...each((h) => cpuOf(h.paced.cpu, "registry"))],
      ["  CPU: etcd members", ...each((h) => cpuOf(h.paced.cpu, "etcd"))],
      [
        `  flat out (${run.flatOut.concurrency} in flight)`,
        ...each((h) => `${thousands(h.flatOut.heartbeatsPerSecond)}/s, ${h.flatOut.failed} failed`),
      ],
      ["  heartbeat p50 / p99", ...each((h) => `${us(h.flatOut.p50Us)} / ${us(h.flatOut.p99Us)}`)],
      ["  CPU: registries", ...each((h) => cpuOf(h.flatOut.cpu, "registry"))],
      ["  CPU: etcd members", ...each((h) => cpuOf(h.flatOut.cpu, "etcd"))],
      ["  CPU: this client process", ...each((h) => cpuOf(h.flatOut.cpu, "client"))],
      ["  still live at the end", ...each((h) => `${thousands(h.stillLive)} / ${thousands(h.instances)}`)],
    );
  });
  const fanout = reports[0]?.fanout;
  if (fanout) {
    rows.push(
      [
        `${thousands(fanout.watchers)} watchers, ${thousands(fanout.changesPerSecond)} registrations/s`,
        ...column((r) => `${thousands(r.fanout.deliveredPerSecond)} events/s, ${thousands(r.fanout.missing)} missing`),
      ],
      ["  sent → at a watcher, p50 / p99", ...column((r) => `${us(r.fanout.p50Us)} / ${us(r.fanout.p99Us)}`)],
      ["  CPU: registries", ...column((r) => cpuOf(r.fanout.cpu, "registry"))],
      ["  CPU: etcd members", ...column((r) => cpuOf(r.fanout.cpu, "etcd"))],
      ["  CPU: this client process", ...column((r) => cpuOf(r.fanout.cpu, "client"))],
    );
  }
  const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
  rows.push(
    [`aim: lookup p99 ≤ ${us(aims.lookupP99Us)}`, ...column((r) => verdict(r.lookup.p99Us <= aims.lookupP99Us))],
    [
      `aim: ≥ ${thousands(aims.heartbeatsPerSecond)} heartbeats/s flat out`,
      ...column((r) => verdict(r.heartbeats.every((h) => h.flatOut.heartbeatsPerSecond >= aims.heartbeatsPerSecond))),
    ],
  );
  const pyroLine =
    typeof pyro === "string"
      ? `Pyro4: ${pyro}.`
      : `Pyro4 ${pyro.version} name server, same ${thousands(registrations)} names, Pyro's proxy: p50 ${us(pyro.p50Us)} / p99 ${us(pyro.p99Us)}.`;
  return `${textTable(["", ...reports.map((report) => report.title)], rows)}\n\n${pyroLine}`;
}
