// What counts as a good answer to a hostile call: a 4xx with tRPC's error shape (or a 200 where the input was one the
// procedure may accept), never a 5xx, a timeout, or a reply that is not tRPC's.

/** One answer as the fuzzer records it: the HTTP status (or the error's httpStatus on a WebSocket), or what went wrong. */
export interface Answer {
  /** HTTP status; on a WebSocket the reply's `data.httpStatus` (200 for a result). `closed`/`timeout`: no answer. */
  status: number | "closed" | "timeout";
  /** Why this answer breaks the promise, if it does. */
  problem?: string;
}

/** What only an unexpected failure says: a stack overflow, a file and line, the database driver's own words. */
const internalDetail =
  /Maximum call stack|RangeError|TypeError|\.ts:\d+|node_modules|Prisma|SQLITE_|ECONNREFUSED|invocation in/;

interface ErrorShape {
  message: unknown;
  code: unknown;
  data?: { code?: unknown; httpStatus?: unknown };
}

/** tRPC's error shape: `{ message, code (JSON-RPC number), data: { code, httpStatus } }`; the reason it is not, if not. */
export function errorShapeProblem(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return "the error is not an object";
  const { message, code, data } = error as ErrorShape;
  if (typeof message !== "string") return "the error has no message";
  if (typeof code !== "number") return "the error has no JSON-RPC code";
  if (typeof data?.code !== "string" || typeof data.httpStatus !== "number") return "the error has no data.code";
  if (data.httpStatus >= 500) return `a ${data.httpStatus} ${data.code}: ${message}`;
  if (internalDetail.test(message)) return `the message leaks an internal error: ${message.slice(0, 200)}`;
  return undefined;
}

/** One envelope of a reply: `{ result }` or `{ error }` with the shape. */
export function envelopeProblem(envelope: unknown): string | undefined {
  if (typeof envelope !== "object" || envelope === null) return "the reply is not an object";
  if ("result" in envelope) return undefined;
  if ("error" in envelope) return errorShapeProblem(envelope.error);
  return "the reply has neither result nor error";
}

/** Judges an HTTP reply: status, then the body's envelope(s). `mayAccept`: a 200 is fine for this input. */
export function judgeHttp(status: number, body: string, batch: boolean, mayAccept: boolean): Answer {
  if (status >= 500) return { status, problem: `HTTP ${status}: ${body.slice(0, 300)}` };
  if (status === 431 || status === 413 || status === 414) return { status }; // refused by the HTTP layer itself
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    return { status, problem: `HTTP ${status} with a body that is not JSON: ${body.slice(0, 200)}` };
  }
  const envelopes: unknown[] = batch && Array.isArray(parsed) ? parsed : [parsed];
  for (const envelope of envelopes) {
    const problem = envelopeProblem(envelope);
    if (problem) return { status, problem };
  }
  if (status === 200 && !mayAccept && !batch) return { status, problem: "accepted an input it must refuse" };
  if (batch && !mayAccept && Array.isArray(parsed) && parsed[0] && "result" in (parsed[0] as object)) {
    return { status, problem: "accepted (in a batch) an input it must refuse" };
  }
  return { status };
}
