/**
 * A problem to show: a form's own message, or a failed call (whose message the services write for people). Announced
 * to screen readers as it appears; nothing when there is none.
 */
export function ErrorMessage({ id, error }: { id?: string; error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <p role="alert" id={id} className="error">
      {typeof error === "string"
        ? error
        : error instanceof Error && error.message
          ? error.message
          : "something went wrong"}
    </p>
  );
}
