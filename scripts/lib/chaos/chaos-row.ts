// One line of the chaos run's closing table, and the sizes a scenario runs at.

export interface ChaosRow {
  fault: string;
  /** The load held while the fault went on. */
  load: string;
  calls: number;
  failed: number;
  /** From the fault until calls answered normally again, or (abusive clients) the normal call's p50/p99. */
  recovery: string;
  /** The data check, or how the abuse was refused. */
  check: string;
  /** The check held (and, where the design promises it, no call failed). */
  ok: boolean;
  /** The first failure messages, for the progress lines. */
  failures?: string[];
}

/** `short`: the version `npm test` runs; `full`: `npm run chaos`. */
export type ChaosSize = "short" | "full";

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const milliseconds = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
