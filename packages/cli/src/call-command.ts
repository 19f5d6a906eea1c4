import type { Command } from "commander";
import { TRPCClientError } from "@trpc/client";
import { action, parseJsonArgument } from "./action.ts";
import { print } from "./output.ts";

/** `switchboard call NAME PROCEDURE [json-input]`: any procedure of any registered service, by name. */
export function addCallCommand(program: Command): void {
  program
    .command("call")
    .description("call PROCEDURE of the service registered as NAME, with JSON input; prints the JSON result")
    .argument("<name>")
    .argument("<procedure>", "dotted path, e.g. welcomeMessage or accounts.list")
    .argument("[json-input]", 'e.g. \'"Rashmi"\' or \'{"session":"…","amountCents":5000}\'')
    .option("--mutation", "call a mutation (queries are tried first and fall back to a mutation by themselves)")
    .action(
      action(
        program,
        async (
          switchboard,
          options,
          name: string,
          procedure: string,
          json: string | undefined,
          flags: { mutation?: boolean },
        ) => {
          const input = parseJsonArgument(json, "json-input");
          const call = (type: "query" | "mutation") => switchboard.call(name, { type, path: procedure, input });
          const result = flags.mutation
            ? await call("mutation")
            : await call("query").catch((error: unknown) => {
                // The server refuses a query on a mutation without running it, so trying the mutation next is safe.
                if (isWrongKind(error)) return call("mutation");
                throw error;
              });
          print(options.json, result, () => (typeof result === "string" ? result : JSON.stringify(result, null, 2)));
        },
      ),
    );
}

function isWrongKind(error: unknown): boolean {
  return error instanceof TRPCClientError && /^No "query"-procedure on path/.test(error.message);
}
