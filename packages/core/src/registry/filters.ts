import { TRPCError } from "@trpc/server";
import { RE2JS } from "re2js";
import type { ServiceInstance } from "./store.ts";

/** One way to pick instances: by name prefix, by a pattern on the name, or by tags (all of them, or any). */
export interface InstanceFilter {
  prefix?: string;
  regex?: string;
  tagsAll?: string[];
  tagsAny?: string[];
}

/**
 * A pattern anchored at the start of the name, as Pyro's `re.match`; a bad pattern is BAD_REQUEST `invalid regex: …`.
 * RE2's linear-time engine, not JavaScript's backtracking one: reads are open by default, and a pattern such as
 * `(a+)+$` must not stall the registry's event loop (RE2 has no look-around or back-references, hence no blow-up).
 */
export function compileNamePattern(pattern: string): { test(name: string): boolean } {
  try {
    const compiled = RE2JS.compile(`^(?:${pattern})`);
    return { test: (name) => compiled.matcher(name).find() };
  } catch (error) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `invalid regex: ${(error as Error).message}` });
  }
}

/** A predicate for the filter (at most one criterion is set; schemas enforce it). */
export function instanceMatcher(filter: InstanceFilter): (instance: ServiceInstance) => boolean {
  if (filter.regex !== undefined) {
    const pattern = compileNamePattern(filter.regex);
    return (instance) => pattern.test(instance.name);
  }
  const { tagsAll, tagsAny } = filter;
  if (tagsAll) return (instance) => tagsAll.every((tag) => instance.tags.includes(tag));
  if (tagsAny) return (instance) => tagsAny.some((tag) => instance.tags.includes(tag));
  return () => true;
}

/** Instances grouped by name, keeping the store's order (names sorted, instances oldest first). */
export function groupByName<T>(instances: ServiceInstance[], view: (instance: ServiceInstance) => T) {
  const byName = new Map<string, T[]>();
  for (const instance of instances) {
    const group = byName.get(instance.name) ?? [];
    group.push(view(instance));
    byName.set(instance.name, group);
  }
  return [...byName].map(([name, group]) => ({ name, instances: group }));
}
