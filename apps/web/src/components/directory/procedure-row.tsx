import Link from "next/link";
import { Sparkline } from "../charts/sparkline.tsx";
import { formatMs, formatRate, formatShare } from "./format.ts";
import type { CallPoint } from "./types.ts";

export interface ProcedureSummary {
  path: string;
  /** query, mutation, subscription; null for a procedure seen only in the metrics (the service does not describe it). */
  type: string | null;
}

/** One procedure of one instance: its kind, and its calls over the last minute as small charts with the latest values. */
export function ProcedureRow({
  serviceName,
  procedure,
  points,
  sampled,
}: {
  serviceName: string;
  procedure: ProcedureSummary;
  points: CallPoint[];
  /** Whether the instance's metrics were read at all: a procedure nobody called yet is at 0/s, not unknown. */
  sampled: boolean;
}) {
  const latest = points.at(-1);
  const latestWithCalls = points.findLast((point) => point.p50Ms !== null);
  const callable = procedure.type === "query" || procedure.type === "mutation";
  const consoleHref = `/console?${new URLSearchParams({ name: serviceName, procedure: procedure.path }).toString()}`;
  return (
    <tr data-procedure={procedure.path}>
      <th scope="row" data-label="Procedure">
        {callable ? <Link href={consoleHref}>{procedure.path}</Link> : procedure.path}
        {procedure.type && <span className="kind"> {procedure.type}</span>}
      </th>
      <td data-label="Calls">
        <span className="metric">
          <Sparkline series={[points.map((point) => point.rate)]} floor={1} label="calls per second, last minute" />
          <span data-testid="rate">{formatRate(latest?.rate ?? (sampled ? 0 : null))}</span>
        </span>
      </td>
      <td data-label="Latency p50 / p99">
        <span className="metric">
          <Sparkline
            series={[points.map((point) => point.p99Ms), points.map((point) => point.p50Ms)]}
            floor={1}
            label="latency p99 and p50 in milliseconds, last minute"
          />
          <span>
            {formatMs(latestWithCalls?.p50Ms)} / {formatMs(latestWithCalls?.p99Ms)}
          </span>
        </span>
      </td>
      <td data-label="Errors">
        <span className="metric">
          <Sparkline
            series={[points.map((point) => (point.errorRate === null ? null : point.errorRate * 100))]}
            floor={5}
            label="share of calls that failed, last minute"
          />
          <span>{formatShare(latestWithCalls?.errorRate)}</span>
        </span>
      </td>
    </tr>
  );
}
