import { CommanderError } from "commander";
import { exitCodes } from "./exit-codes.ts";
import { buildProgram } from "./program.ts";

const program = buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Help and version exit 0; every other parse failure is a usage error.
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  else throw error;
}
