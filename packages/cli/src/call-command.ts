import { CommanderError, type Command } from "commander";
import { TRPCClientError } from "@trpc/client";
import { inputProblem, type JsonSchema } from "@switchboard/core/server";
import { action, parseJsonArgument } from "./action.ts";
import { exitCodes } from "./exit-codes.ts";
import { print } from "./output.ts";
import { describeService, procedureAt } from "./service-description.ts";

/** `switchboard call NAME PROCEDURE [json-input]`: any procedure of any registered service, by name. */
export function addCallCommand(program: Command): void {
  program
    .command("call")
    .description("call PROCEDURE of the service registered as NAME, with JSON input; prints the JSON result")
    .argument("<name>")
    .argument("<procedure>", "dotted path, e.g. welcomeMessage or accounts.list")
    .argument("[json-input]", 'e.g. \'"Rashmi"\' or \'{"session":"…","amountCents":5000}\'')
    .option("--mutation", "call a mutation (queries are tried first and fall back to a mutation by themselves)")
    .option("--no-check", "send the input without checking it against the service's schema first")
    .action(
      action(
        program,
        async (
          switchboard,
          options,
          name: string,
          procedure: string,
          json: string | undefined,
          flags: { mutation?: boolean; check: boolean },
        ) => {
          const input = parseJsonArgument(json, "json-input");
          // What the service describes decides the kind and checks the input here, before anything is sent.
          const described = flags.check
            ? await describeService(switchboard, name, Number(options.timeout ?? 10_000))
            : undefined;
          const declared = described && procedureAt(described, name, procedure);
          if (declared?.type === "subscription") {
            const message = `${procedure} is a subscription: the CLI calls queries and mutations (watch the registry with \`watch\`)`;
            throw new CommanderError(exitCodes.usage, "switchboard.subscription", message);
          }
          if (declared?.input) checkInput(declared.input, input, procedure);
          const call = (type: "query" | "mutation") => switchboard.call(name, { type, path: procedure, input });
          const result =
            flags.mutation || declared?.type === "mutation"
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

/** A usage error with zod's message when the input does not fit the procedure's published JSON Schema. */
function checkInput(schema: JsonSchema, input: unknown, procedure: string): void {
  const problem = inputProblem(schema, input);
  if (problem === undefined) return;
  const message = `input of ${procedure} does not fit its schema, nothing sent: ${problem}`;
  throw new CommanderError(exitCodes.usage, "switchboard.badInput", message);
}

function isWrongKind(error: unknown): boolean {
  return error instanceof TRPCClientError && /^No "query"-procedure on path/.test(error.message);
}
