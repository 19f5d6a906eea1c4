// Whether a procedure would accept an input: its own zod schema decides, exactly as the server will. The fuzzer sends
// accepted inputs only where they change nothing (queries, or without a valid credential): everything it sends with a
// valid credential to a procedure that writes must be refused, or the state checks could not tell a defect from a
// lucky valid input.
import type { AnyRouter } from "@trpc/server";

export type InputCheck = (input: unknown) => boolean;

interface Parser {
  safeParse(input: unknown): { success: boolean };
}

/** The check for the procedure at `path`: its input parsers in order (a procedure without one takes anything). */
export function inputCheckOf(router: AnyRouter, path: string): InputCheck {
  const procedures = router._def.procedures as Record<string, { _def: { inputs: Parser[] } } | undefined>;
  const procedure = procedures[path];
  if (!procedure) throw new Error(`no procedure ${path} in the router`);
  return schemaCheck(...procedure._def.inputs);
}

/** The check for schemas given directly (a procedure whose router cannot be imported here). */
export function schemaCheck(...parsers: Parser[]): InputCheck {
  return (input) => parsers.every((parser) => parser.safeParse(input).success);
}

/** The input a JSON text stands for, as the server parses it; `invalid` when it is not JSON. */
export function parsedInput(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Whether the server would run the procedure with this input text. */
export function wouldAccept(check: InputCheck, text: string): boolean {
  const parsed = parsedInput(text);
  if (!parsed.ok) return false;
  try {
    return check(parsed.value);
  } catch {
    // A validator that throws on the input (too deep for it) refuses it.
    return false;
  }
}
