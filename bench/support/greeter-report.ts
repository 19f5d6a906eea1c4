// bench:greeter's closing tables for a person: figures per contender, first calls, ratios, and the aims.
import type { AimCheck } from "./greeter-aims.ts";
import { callsPerSecond, ratio, type Kind, type Results } from "./greeter-results.ts";

/** Ratios worth reading beside the aims, [numerator, denominator, kind]. */
const ratioPairs: Array<[string, string, Kind]> = [
  ["switchboardMetricsOn", "switchboardMetricsOff", "sequential"],
  ["switchboardTraced", "switchboardMetricsOn", "sequential"],
  ["switchboardMetricsOn", "switchboardMetricsOff", "concurrent"],
  ["switchboardTraced", "switchboardMetricsOn", "concurrent"],
  ["switchboard", "pyro4", "sequential"],
  ["switchboard", "moleculer", "sequential"],
  ["switchboard", "grpc", "sequential"],
  ["switchboard", "stockTrpc", "sequential"],
  ["switchboard", "bareHttp", "sequential"],
  ["switchboardHttp", "bareHttp", "sequential"],
  ["switchboard", "rawWs", "sequential"],
  ["switchboard", "rawTcp", "sequential"],
  ["pyro4", "rawTcp", "sequential"],
  ["moleculer", "rawTcp", "sequential"],
  ["grpc", "rawTcp", "sequential"],
  ["switchboard", "pyro4", "concurrent"],
  ["switchboard", "moleculer", "concurrent"],
  ["switchboard", "grpc", "concurrent"],
  ["switchboard", "bareHttp", "concurrent"],
  ["switchboard", "rawWs", "concurrent"],
];

const capitalized = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

interface RatioRow {
  /** JSON key: switchboardVsPyro4, concurrentSwitchboardVsPyro4, … */
  key: string;
  /** For a person: "Switchboard, by name (WebSocket) / Pyro4 4.82 greeter + proxy, 64 concurrent". */
  text: string;
  value: number | null;
}

function ratioRows(results: Results, callers: number): RatioRow[] {
  return ratioPairs.map(([a, b, kind]) => ({
    key: `${kind === "concurrent" ? `concurrent${capitalized(a)}` : a}Vs${capitalized(b)}`,
    text: `${results[a]?.label ?? a} / ${results[b]?.label ?? b}${kind === "concurrent" ? `, ${callers} concurrent` : ""}`,
    value: ratio(callsPerSecond(results, a, kind), callsPerSecond(results, b, kind)),
  }));
}

/** The ratios for the JSON report. */
export function ratiosOf(results: Results, callers: number): Record<string, number | null> {
  return Object.fromEntries(ratioRows(results, callers).map(({ key, value }) => [key, value]));
}

const pad = (text: string, width: number) => text.padEnd(width);
const number = (value: number | undefined) => (value === undefined ? "—" : value.toLocaleString("en-US")).padStart(9);
const ms = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(2)} ms`).padStart(12);

export function printReport(options: {
  results: Results;
  aims: AimCheck[];
  rounds: number;
  seconds: number;
  callers: number;
}) {
  const { results, aims, rounds, seconds, callers } = options;
  const width = Math.max(38, ...Object.values(results).map(({ label }) => label.length + 2));
  console.log(
    `\ngreeter.welcomeMessage("Rashmi"), median of ${rounds} rounds of ${seconds} s, ${callers} concurrent callers\n`,
  );
  console.log(`${pad("", width)}${"sequential".padStart(20)}${`${callers} concurrent`.padStart(22)}`);
  console.log(
    `${pad("", width)}${"calls/s".padStart(11)}${"µs/call".padStart(9)}${"calls/s".padStart(13)}${"µs/call".padStart(9)}`,
  );
  for (const { label, sequential, concurrent } of Object.values(results)) {
    console.log(
      `${pad(label, width)}${number(sequential.callsPerSecond)}  ${number(sequential.microsPerCall)}    ${number(concurrent?.callsPerSecond)}  ${number(concurrent?.microsPerCall)}`,
    );
  }

  console.log(
    `\nfirst call of a new client (median)${"running process".padStart(width - 19)}${"fresh process".padStart(14)}`,
  );
  for (const { label, firstCallMs } of Object.values(results)) {
    if (firstCallMs)
      console.log(`${pad(label, width)}${ms(firstCallMs.runningProcessMs)}  ${ms(firstCallMs.freshProcessMs)}`);
  }

  console.log("\nratios (same run)");
  const rows = ratioRows(results, callers).filter(({ value }) => value !== null);
  const textWidth = Math.max(...rows.map(({ text }) => text.length)) + 2;
  for (const { text, value } of rows) console.log(`  ${pad(text, textWidth)}${value?.toFixed(2)}×`);

  const aimWidth = Math.max(...aims.map(({ aim }) => aim.length)) + 2;
  const measuredWidth = Math.max(...aims.map(({ measured }) => measured.length)) + 2;
  console.log(`\naims${" ".repeat(aimWidth - 4)}${pad("measured", measuredWidth)}${pad("target", 16)}holds`);
  for (const { aim, measured, target, holds } of aims) {
    const mark = holds === null ? "— not measured" : holds ? "✓" : "✗";
    console.log(`${pad(aim, aimWidth)}${pad(measured, measuredWidth)}${pad(target, 16)}${mark}`);
  }
}
