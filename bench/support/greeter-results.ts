// The figures bench:greeter keeps per contender once every round has run.
import type { Figure } from "./call-rates.ts";
import type { FirstCallFigures } from "./contenders/contender.ts";

export interface ContenderResult {
  label: string;
  /** Median round. */
  sequential: Figure;
  concurrent: Figure | null;
  firstCallMs: FirstCallFigures | null;
}

export type Results = Record<string, ContenderResult>;

export type Kind = "sequential" | "concurrent";

export const callsPerSecond = (results: Results, key: string, kind: Kind) => results[key]?.[kind]?.callsPerSecond;

/** a / b to two decimals; null when either side has no figure. */
export function ratio(a: number | undefined, b: number | undefined): number | null {
  return a !== undefined && b !== undefined && b > 0 ? Number((a / b).toFixed(2)) : null;
}
