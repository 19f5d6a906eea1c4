// The one table `npm run fuzz` ends with: inputs per procedure and transport, answers by status, failures, and the
// state checks.
import { textTable } from "../text-table.ts";
import type { FuzzRow } from "./campaign.ts";
import type { StateCheck } from "./state.ts";

/** "400×812 401×90 closed×2", most frequent first. */
export function statusSummary(statuses: Map<string, number>): string {
  return [...statuses]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
}

export function fuzzSummary(rows: FuzzRow[], checks: StateCheck[], seed: number, seconds: number): string {
  const table = textTable(
    ["process", "procedure", "transport", "inputs", "answers by status", "result"],
    rows.map((row) => [
      row.target,
      row.procedure,
      row.transport,
      String(row.tried),
      statusSummary(row.statuses),
      row.failure ? "FAIL" : "ok",
    ]),
  );
  const total = rows.reduce((sum, row) => sum + row.tried, 0);
  const byStatus = new Map<string, number>();
  for (const row of rows) for (const [status, n] of row.statuses) byStatus.set(status, (byStatus.get(status) ?? 0) + n);
  const failed = rows.filter((row) => row.failure);
  const stateLines = checks.map(
    (check) => `  ${check.passed ? "pass" : "FAIL"}  ${check.what}${check.detail ? `\n${check.detail}` : ""}`,
  );
  return [
    table,
    "",
    `  ${total} inputs in ${seconds.toFixed(0)} s (seed ${seed}); all answers: ${statusSummary(byStatus)}`,
    `  ${failed.length === 0 ? "no" : failed.length} procedure × transport ${failed.length === 1 ? "row" : "rows"} failed`,
    "",
    "  state unchanged afterwards (checked before the accepted-text writes, which change it):",
    ...stateLines,
    ...failed.map((row) => `\n  FAIL ${row.target} ${row.procedure} over ${row.transport}:\n${row.failure}`),
  ].join("\n");
}
