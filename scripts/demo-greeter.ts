// The Pyro4 greeter example's client.py over Switchboard: asks for a name (or takes it as the first argument) and prints the
// greeter's welcome message, found by name through the registry.
import { createInterface } from "node:readline/promises";
import { createSwitchboard, type GreeterRouter } from "@switchboard/api/client";
import { registryUrlFrom, transportFrom } from "@switchboard/service";

async function askName(): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question("What is your name? ")).trim();
  } finally {
    prompt.close();
  }
}

const switchboard = createSwitchboard({
  registryUrl: registryUrlFrom(process.env),
  transport: transportFrom(process.env),
});
try {
  const name = process.argv[2]?.trim() ?? (await askName());
  const greeter = switchboard.connect<GreeterRouter>(process.env.GREETER_NAME ?? "example.greeter");
  console.log(await greeter.welcomeMessage.query(name));
} catch (error) {
  console.error(`demo:greeter failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  switchboard.close();
}
