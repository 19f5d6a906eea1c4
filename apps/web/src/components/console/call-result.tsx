import type { ConsoleCallOutcome } from "./types.ts";

/** What the service answered: its result as JSON, or its refusal with tRPC's code, the message and zod's issues. */
export function CallResult({ outcome }: { outcome: ConsoleCallOutcome }) {
  const answeredBy = (
    <p className="muted">
      answered by <span className="url">{outcome.instance || "—"}</span> in {outcome.durationMs.toFixed(1)} ms
    </p>
  );
  if (outcome.ok) {
    return (
      <section className="call-result ok" aria-label="Result" data-testid="call-result">
        <h3>Result</h3>
        {answeredBy}
        <pre>{JSON.stringify(outcome.data, null, 2)}</pre>
      </section>
    );
  }
  const { refusal } = outcome;
  const fieldIssues = Object.entries(refusal.zodError?.fieldErrors ?? {});
  return (
    <section className="call-result refused" aria-label="Refusal" data-testid="call-refusal">
      <h3>
        Refused: <code data-testid="refusal-code">{refusal.code}</code>
        {refusal.httpStatus !== null && <span className="muted"> (HTTP {refusal.httpStatus})</span>}
      </h3>
      <p role="alert" className="error">
        {refusal.message}
      </p>
      {refusal.zodError && (refusal.zodError.formErrors.length > 0 || fieldIssues.length > 0) && (
        <>
          <h4>Input issues (zod)</h4>
          <ul className="issues" data-testid="zod-issues">
            {refusal.zodError.formErrors.map((message) => (
              <li key={`form-${message}`}>
                <span className="muted">input:</span> {message}
              </li>
            ))}
            {fieldIssues.flatMap(([field, messages]) =>
              messages.map((message) => (
                <li key={`${field}-${message}`}>
                  <code>{field}</code>: {message}
                </li>
              )),
            )}
          </ul>
        </>
      )}
      {answeredBy}
    </section>
  );
}
