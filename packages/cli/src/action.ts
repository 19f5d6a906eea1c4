import type { Command } from "commander";
import { CommanderError } from "commander";
import { createSwitchboard, silentLogger, type Switchboard } from "@switchboard/api/client";
import { exitCodes } from "./exit-codes.ts";
import { registryTokenOf, registryUrlOf, type GlobalOptions } from "./env.ts";
import { reportError } from "./output.ts";

/** Runs one command with a switchboard configured from the global options; maps failures to exit codes. */
export function action<TArgs extends unknown[]>(
  program: Command,
  run: (switchboard: Switchboard, options: GlobalOptions, ...args: TArgs) => Promise<void>,
) {
  return async (...args: TArgs) => {
    const options = program.opts<GlobalOptions>();
    const timeoutMs = options.timeout === undefined ? 10_000 : Number(options.timeout);
    const switchboard = createSwitchboard({
      registryUrl: registryUrlOf(options),
      registryToken: registryTokenOf(options),
      timeoutMs,
      log: silentLogger,
    });
    try {
      await run(switchboard, options, ...args);
    } catch (error) {
      if (error instanceof CommanderError) {
        console.error(`switchboard: ${error.message}`);
        process.exitCode = error.exitCode === exitCodes.refused ? exitCodes.refused : exitCodes.usage;
      } else {
        process.exitCode = reportError(options.json, error);
      }
    } finally {
      switchboard.close();
    }
  };
}

export function parseJsonArgument(text: string | undefined, what: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CommanderError(exitCodes.usage, "switchboard.badJson", `${what} is not JSON: ${text}`);
  }
}
