/**
 * The metric names and labels every Switchboard service serves at `GET /metrics` (docs/observability.md) that the
 * directory reads. Kept in one place: the rest of the web app speaks of calls, latencies and errors.
 */
export const callMetrics = {
  /** Counter of answered calls, by procedure and outcome code. */
  calls: "switchboard_server_calls_total",
  /** Histogram of call durations in seconds, by procedure. */
  duration: "switchboard_server_call_duration_seconds",
  procedureLabel: "procedure",
  codeLabel: "code",
} as const;

/** The outcome code of a call that succeeded; every other code counts as an error. */
export const successCodes: ReadonlySet<string> = new Set(["OK", "ok", "success"]);
