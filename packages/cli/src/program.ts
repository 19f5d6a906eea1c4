import { Command, CommanderError, Option } from "commander";
import type { RegistryEvent } from "@switchboard/api/client";
import { action } from "./action.ts";
import { addCallCommand } from "./call-command.ts";
import { addDescribeCommand } from "./describe-command.ts";
import { exitCodes } from "./exit-codes.ts";
import { registryUrlOf } from "./env.ts";
import { formatInstances, print } from "./output.ts";

const describeEvent = (event: RegistryEvent) =>
  `${new Date(event.at).toISOString()}  ${event.kind.padEnd(10)}  ${event.name}  ${event.url}${event.tags.length ? `  [${event.tags.join(", ")}]` : ""}`;

/** The `switchboard` command line: Pyro's `nsc` for the registry, plus `call` for any service by name. */
export function buildProgram(): Command {
  const program = new Command("switchboard")
    .description("Talk to a Switchboard registry, and call any registered service by name.")
    .option(
      "--registry <urls>",
      "registry URL, or several comma-separated (default: $SWITCHBOARD_REGISTRY_URL or http://127.0.0.1:4000)",
    )
    .option("--token <token>", "registry token for writes (default: $REGISTRY_TOKEN or .data/registry-token)")
    .option("--json", "print results as JSON, one value per line")
    .option("--timeout <ms>", "give up on a call after this many milliseconds", "10000")
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      "after",
      "\nExit codes: 0 ok · 1 refused by the registry or service · 2 usage error · 3 unreachable or timed out",
    );

  program
    .command("list")
    .description("list live names and their instances (one filter at a time)")
    .argument("[prefix]", "only names starting with this")
    .option("--regex <pattern>", "only names matching this pattern (anchored at the start)")
    .addOption(
      new Option("--tags-all <tags...>", "only instances carrying all of these tags").conflicts(["tagsAny", "regex"]),
    )
    .addOption(new Option("--tags-any <tags...>", "only instances carrying any of these tags").conflicts(["regex"]))
    .action(
      action(
        program,
        async (
          switchboard,
          options,
          prefix: string | undefined,
          filters: { regex?: string; tagsAll?: string[]; tagsAny?: string[] },
        ) => {
          const entries = await switchboard.registry.list.query({ prefix, ...filters });
          print(options.json, entries, () => formatInstances(entries));
        },
      ),
    );

  program
    .command("lookup")
    .description("the instances of one name, or (--tags) every instance carrying all the tags")
    .argument("[name]")
    .option("--tags <tags...>", "look up by tags instead of by name, like Pyro's PYROMETA:")
    .action(
      action(program, async (switchboard, options, name: string | undefined, flags: { tags?: string[] }) => {
        if (flags.tags) {
          const instances = await switchboard.registry.lookupByTags.query({ tags: flags.tags });
          print(options.json, instances, () =>
            formatInstances(instances.map((instance) => ({ name: instance.name, instances: [instance] }))),
          );
          return;
        }
        if (!name)
          throw new CommanderError(exitCodes.usage, "switchboard.missingName", "lookup needs a name or --tags");
        const found = await switchboard.registry.lookup.query({ name });
        print(options.json, found, () => formatInstances([found]));
      }),
    );

  program
    .command("register")
    .description("register NAME → URL under a lease (it expires after --ttl unless renewed)")
    .argument("<name>")
    .argument("<url>")
    .option("--tags <tags...>", "metadata tags")
    .option("--ttl <ms>", "lease length in milliseconds (at most 600000)", "600000")
    .option("--safe", "create-only: fail if the name is already registered")
    .action(
      action(
        program,
        async (
          switchboard,
          options,
          name: string,
          url: string,
          flags: { tags?: string[]; ttl: string; safe?: boolean },
        ) => {
          const lease = await switchboard.registry.register.mutate({
            name,
            url,
            tags: flags.tags ?? [],
            ttlMs: Number(flags.ttl),
            safe: flags.safe ?? false,
          });
          print(
            options.json,
            lease,
            () =>
              `registered ${name} → ${url} (lease ${lease.leaseId}, expires ${new Date(lease.leaseExpiresAt).toISOString()})`,
          );
        },
      ),
    );

  program
    .command("remove")
    .description("remove a name, or every name under --prefix or matching --regex; prints how many went")
    .argument("[name]")
    .option("--prefix <prefix>")
    .option("--regex <pattern>")
    .action(
      action(
        program,
        async (switchboard, options, name: string | undefined, flags: { prefix?: string; regex?: string }) => {
          const result = await switchboard.registry.remove.mutate({ name, ...flags });
          print(options.json, result, () => `removed ${result.removed}`);
        },
      ),
    );

  program
    .command("set-meta")
    .description("replace the tags of every instance of a name")
    .argument("<name>")
    .argument("[tags...]")
    .action(
      action(program, async (switchboard, options, name: string, tags: string[]) => {
        const result = await switchboard.registry.setMetadata.mutate({ name, tags });
        print(options.json, result, () => `${name}: [${result.tags.join(", ")}] on ${result.updated} instance(s)`);
      }),
    );

  program
    .command("count")
    .description("how many names and instances are live")
    .argument("[prefix]")
    .action(
      action(program, async (switchboard, options, prefix: string | undefined) => {
        const counts = await switchboard.registry.count.query({ prefix });
        print(options.json, counts, () => `${counts.names} name(s), ${counts.instances} instance(s)`);
      }),
    );

  program
    .command("ping")
    .description("is the registry there?")
    .action(
      action(program, async (switchboard, options) => {
        const started = performance.now();
        const answer = await switchboard.registry.ping.query();
        const elapsedMs = Number((performance.now() - started).toFixed(2));
        print(
          options.json,
          { answer, elapsedMs, registry: registryUrlOf(options) },
          () => `${answer} from ${registryUrlOf(options)} in ${elapsedMs} ms`,
        );
      }),
    );

  program
    .command("watch")
    .description("print registrations, tag changes, removals and expiries as they happen (Ctrl-C stops)")
    .argument("[prefix]", "only names starting with this")
    .option("--name <name>", "only this name")
    .action(
      action(program, async (switchboard, options, prefix: string | undefined, flags: { name?: string }) => {
        await new Promise<void>((resolve, reject) => {
          const stop = switchboard.watch(flags.name ? { name: flags.name } : { prefix }, {
            onEvent: (event) => print(options.json, event, () => describeEvent(event)),
            onError: (error) => {
              stop();
              reject(error);
            },
          });
          process.once("SIGINT", () => {
            stop();
            resolve();
          });
        });
      }),
    );

  addCallCommand(program);
  addDescribeCommand(program);

  return program;
}
