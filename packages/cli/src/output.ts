import { TRPCClientError } from "@trpc/client";
import { resolutionOf } from "@switchboard/api/client";
import { exitCodes } from "./exit-codes.ts";

interface Instance {
  url: string;
  tags: string[];
}

/** The tag `serve()` publishes its schema hash in: `describe` shows it, lists leave it out. */
export const schemaTagPrefix = "switchboard:schema=";

/** `name  url  [tags]`, one line per instance, names aligned (the schema tag left to `describe`). */
export function formatInstances(entries: Array<{ name: string; instances: Instance[] }>): string {
  const width = Math.max(0, ...entries.map((entry) => entry.name.length));
  const lines = entries.flatMap((entry) =>
    entry.instances.map((instance) => {
      const shown = instance.tags.filter((tag) => !tag.startsWith(schemaTagPrefix));
      const tags = shown.length > 0 ? `  [${shown.join(", ")}]` : "";
      return `${entry.name.padEnd(width)}  ${instance.url}${tags}`;
    }),
  );
  return lines.length > 0 ? lines.join("\n") : "(none)";
}

/** Prints a result: as one JSON line with --json, else as the text a person reads. */
export function print(json: boolean | undefined, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value) : text());
}

/** Prints an error and says which exit code it means. */
export function reportError(json: boolean | undefined, error: unknown): number {
  const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (json) console.error(JSON.stringify({ error: { code: code ?? "UNREACHABLE", message } }));
  else console.error(`switchboard: ${code ? `${code}: ` : ""}${message}`);
  // A name that could not be resolved because the registry is unreachable is "unreachable", not a refusal.
  if (code === "TIMEOUT" || code === undefined || resolutionOf(error)?.cause === "UNREACHABLE")
    return exitCodes.unreachable;
  return exitCodes.refused;
}
