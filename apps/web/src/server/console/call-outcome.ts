import { answeredErrorData } from "../answered-error.ts";

/** A refusal as the service sent it: tRPC's code, its message, and zod's issues for bad input. */
export interface ServiceRefusal {
  code: string;
  httpStatus: number | null;
  message: string;
  /** `z.flattenError` of the service's input check: messages for the input itself and by field. */
  zodError: { formErrors: string[]; fieldErrors: Record<string, string[]> } | null;
}

/**
 * The service's own refusal in a failed call, or undefined when the call failed before the service answered (the
 * name did not resolve, no instance could be reached, a timeout): those are the web server's to report.
 */
export function serviceRefusalOf(error: unknown): ServiceRefusal | undefined {
  const answered = answeredErrorData(error);
  if (!answered || answered.resolution !== undefined) return undefined;
  const { code, httpStatus, zodError } = answered.data;
  if (typeof code !== "string" || ["TIMEOUT", "UNREACHABLE"].includes(code)) return undefined;
  return {
    code,
    httpStatus: typeof httpStatus === "number" ? httpStatus : null,
    message: answered.message,
    zodError: flattenedZodError(zodError),
  };
}

function flattenedZodError(value: unknown): ServiceRefusal["zodError"] {
  if (typeof value !== "object" || value === null) return null;
  const { formErrors, fieldErrors } = value as { formErrors?: unknown; fieldErrors?: unknown };
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((item) => typeof item === "string") : []);
  const fields =
    typeof fieldErrors === "object" && fieldErrors !== null
      ? Object.fromEntries(Object.entries(fieldErrors).map(([field, messages]) => [field, strings(messages)]))
      : {};
  return { formErrors: strings(formErrors), fieldErrors: fields };
}
