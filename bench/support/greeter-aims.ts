// The ratios Switchboard aims for, checked against one run's figures. The aims apply to every contender that
// declares `aims` (Switchboard's own transports), each read against the raw echo of its own transport.
import type { Contender } from "./contenders/contender.ts";
import { callsPerSecond, ratio, type Kind, type Results } from "./greeter-results.ts";

export interface AimCheck {
  aim: string;
  /** "1.32×" or "7.21 ms (Pyro4 8.02 ms)"; "—" when a side is missing. */
  measured: string;
  target: string;
  /** null: not measured in this run (a contender skipped). */
  holds: boolean | null;
}

interface RatioAim {
  against: string;
  kind: Kind;
  atLeast: number;
}

/** For each Switchboard transport: its calls/s over another contender's, at least this much. */
const ratioAims = (ceiling: string): RatioAim[] => [
  { against: "moleculer", kind: "sequential", atLeast: 1.25 },
  { against: "pyro4", kind: "sequential", atLeast: 1.5 },
  { against: ceiling, kind: "sequential", atLeast: 0.85 },
  { against: "moleculer", kind: "concurrent", atLeast: 1.25 },
  { against: ceiling, kind: "concurrent", atLeast: 0.6 },
];

/** Aims of the versions before these contenders existed, kept: against a bare HTTP round trip. */
const bareHttpAims: Array<{ key: string; atLeast: number }> = [
  { key: "switchboard", atLeast: 0.8 },
  { key: "switchboardHttp", atLeast: 0.7 },
];

export function checkAims(results: Results, contenders: Contender[], callers: number): AimCheck[] {
  const label = (key: string) =>
    results[key]?.label ?? contenders.find((contender) => contender.key === key)?.label ?? key;
  const kindLabel = (kind: Kind) => (kind === "sequential" ? "sequential" : `${callers} concurrent`);
  const ratioCheck = (key: string, against: string, kind: Kind, atLeast: number): AimCheck => {
    const value = ratio(callsPerSecond(results, key, kind), callsPerSecond(results, against, kind));
    return {
      aim: `${label(key)} / ${label(against)}, ${kindLabel(kind)}`,
      measured: value === null ? "—" : `${value.toFixed(2)}×`,
      target: `≥ ${atLeast.toFixed(2)}×`,
      holds: value === null ? null : value >= atLeast,
    };
  };

  const checks: AimCheck[] = [];
  for (const contender of contenders) {
    if (!contender.aims) continue;
    for (const { against, kind, atLeast } of ratioAims(contender.aims.ceiling)) {
      checks.push(ratioCheck(contender.key, against, kind, atLeast));
    }
    if (contender.aims.isDefault) checks.push(...firstCallChecks(results, contender.key));
  }
  for (const { key, atLeast } of bareHttpAims) {
    if (results[key]) checks.push(ratioCheck(key, "bareHttp", "sequential", atLeast));
  }
  // Metrics are on by default: they may cost at most 5 % of the sequential rate.
  if (results.switchboardMetricsOff && results.switchboardMetricsOn)
    checks.push(ratioCheck("switchboardMetricsOn", "switchboardMetricsOff", "sequential", 0.95));
  return checks;
}

/** A new client's first call (resolve + connect + call) against Pyro4's first call of a new proxy, same run. */
function firstCallChecks(results: Results, key: string): AimCheck[] {
  const ours = results[key]?.firstCallMs;
  const pyro = results.pyro4?.firstCallMs?.runningProcessMs;
  const check = (aim: string, value: number | undefined, factor: number): AimCheck => {
    const bound = pyro === undefined ? undefined : pyro * factor;
    return {
      aim,
      measured: value === undefined ? "—" : `${value.toFixed(2)} ms (Pyro4 ${pyro === undefined ? "—" : `${pyro} ms`})`,
      target: factor === 1 ? "≤ Pyro4's" : `≤ ${factor}× Pyro4's`,
      holds: value === undefined || bound === undefined ? null : value <= bound,
    };
  };
  return [
    check(`${results[key]?.label}: first call of a new client`, ours?.runningProcessMs, 1),
    check(`  … in a freshly started process`, ours?.freshProcessMs, 2),
  ];
}
