import type { OutgoingCall } from "./transport.ts";

/** What a service says of one procedure at `GET /describe` (the server side is `describeRouter`). */
interface DescribedProcedure {
  path: string;
  type: string;
  idempotent: boolean | { key: string };
}

/** Whether sending a call again could not do its work twice, given what its service declares. */
export type RetrySafety = (
  call: OutgoingCall & { plainInput: unknown },
  baseUrl: string,
  signal?: AbortSignal,
) => Promise<boolean>;

/**
 * Retry safety as the services declare it: a query is always safe; a mutation only when its procedure declares
 * `.meta({ idempotent: true })`, or `{ idempotent: { key } }` and the input carries that key as a string. The
 * declarations are read once per service URL from `GET /describe`, only when a dropped call needs an answer — never
 * on a call's normal path. A service that cannot be asked is taken to declare nothing: the mutation is not repeated.
 */
export function retrySafetyFromServices(): RetrySafety {
  const declarations = new Map<string, Promise<Map<string, DescribedProcedure>>>();

  function declarationsOf(baseUrl: string, signal?: AbortSignal) {
    let known = declarations.get(baseUrl);
    if (!known) {
      known = fetch(`${baseUrl.replace(/\/+$/, "")}/describe`, { signal: signal ?? AbortSignal.timeout(5_000) })
        .then(async (response) => {
          if (!response.ok) throw new Error(`describe answered ${response.status}`);
          const { procedures } = (await response.json()) as { procedures: DescribedProcedure[] };
          return new Map(procedures.map((procedure) => [procedure.path, procedure]));
        })
        .catch((error: unknown) => {
          declarations.delete(baseUrl); // ask again next time
          throw error;
        });
      declarations.set(baseUrl, known);
    }
    return known;
  }

  return async (call, baseUrl, signal) => {
    if (call.type === "query") return true;
    const declared = await declarationsOf(baseUrl, signal).then(
      (procedures) => procedures.get(call.path)?.idempotent ?? false,
      () => false,
    );
    if (declared === true || declared === false) return declared;
    const input = call.plainInput as Record<string, unknown> | null | undefined;
    return typeof input === "object" && input !== null && typeof input[declared.key] === "string";
  };
}
