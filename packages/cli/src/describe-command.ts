import { CommanderError, type Command } from "commander";
import { action } from "./action.ts";
import { exitCodes } from "./exit-codes.ts";
import { print } from "./output.ts";
import { schemaText } from "./schema-text.ts";
import { describeService, type DescribedService } from "./service-description.ts";

/** `switchboard describe NAME`: what a registered service offers, from its own `GET /describe`. */
export function addDescribeCommand(program: Command): void {
  program
    .command("describe")
    .description("the procedures NAME offers: kind, input and output, retry safety, schema hash")
    .argument("<name>")
    .action(
      action(program, async (switchboard, options, name: string) => {
        const described = await describeService(switchboard, name, Number(options.timeout ?? 10_000));
        if (!described) {
          throw new CommanderError(
            exitCodes.refused,
            "switchboard.noDescription",
            `no instance of ${name} describes itself (it may be served with describe: false)`,
          );
        }
        print(options.json, described.description, () => describedText(name, described));
      }),
    );
}

function describedText(name: string, { description, url, instances }: DescribedService): string {
  const lines = [`${name}  schema ${description.schemaHash}  (from ${url})`];
  const versions = new Set(instances.map((instance) => instance.schemaHash ?? "unknown"));
  if (versions.size > 1) {
    lines.push("  instances run different versions:");
    for (const instance of instances) lines.push(`    ${instance.url}  ${instance.schemaHash ?? "(no schema tag)"}`);
  }
  for (const procedure of description.procedures) {
    const retry =
      procedure.type === "mutation"
        ? procedure.idempotent === true
          ? "  idempotent"
          : typeof procedure.idempotent === "object"
            ? `  idempotent with ${procedure.idempotent.key}`
            : ""
        : "";
    lines.push("", `${procedure.type.padEnd(12)} ${procedure.path}${retry}`);
    lines.push(`  input:  ${procedure.input === null ? "none" : schemaText(procedure.input)}`);
    if (procedure.output !== null) lines.push(`  output: ${schemaText(procedure.output)}`);
  }
  return lines.join("\n");
}
