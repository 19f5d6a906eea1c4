import { CommanderError } from "commander";
import type { Switchboard } from "@switchboard/api/client";
import type { ProcedureDescription, ServiceDescription } from "@switchboard/core/server";
import { exitCodes } from "./exit-codes.ts";
import { schemaTagPrefix } from "./output.ts";

export interface DescribedService {
  description: ServiceDescription;
  /** The instance the description was read from. */
  url: string;
  /** Each live instance with the schema hash it registered (undefined: it published none). */
  instances: Array<{ url: string; schemaHash: string | undefined }>;
}

/**
 * What a registered service offers: the name is looked up, and the first instance that answers `GET /describe` is
 * asked. Undefined when no instance describes itself (served with `describe: false`, or older than reflection).
 */
export async function describeService(
  switchboard: Switchboard,
  name: string,
  timeoutMs: number,
): Promise<DescribedService | undefined> {
  const { instances } = await switchboard.registry.lookup.query({ name });
  const hashes = instances.map((instance) => ({
    url: instance.url,
    schemaHash: instance.tags.find((tag) => tag.startsWith(schemaTagPrefix))?.slice(schemaTagPrefix.length),
  }));
  for (const { url } of instances) {
    const response = await fetch(`${url}/describe`, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
    if (!response?.ok) continue;
    return { description: (await response.json()) as ServiceDescription, url, instances: hashes };
  }
  return undefined;
}

/** The procedure at `path`, or a usage error naming the nearest paths the service has. */
export function procedureAt(described: DescribedService, name: string, path: string): ProcedureDescription {
  const { procedures } = described.description;
  const found = procedures.find((procedure) => procedure.path === path);
  if (found) return found;
  const nearest = procedures
    .map((procedure) => ({
      path: procedure.path,
      distance: editDistance(path.toLowerCase(), procedure.path.toLowerCase()),
    }))
    .filter(
      ({ path: candidate, distance }) =>
        distance <= Math.max(2, Math.floor(path.length / 3)) || candidate.includes(path),
    )
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ path: candidate }) => candidate);
  const hint =
    nearest.length > 0
      ? `; did you mean ${nearest.join(" or ")}?`
      : `; it has ${procedures.map((procedure) => procedure.path).join(", ")}`;
  throw new CommanderError(exitCodes.usage, "switchboard.unknownProcedure", `${name} has no procedure ${path}${hint}`);
}

/** Levenshtein distance: how many single-character edits turn one path into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
