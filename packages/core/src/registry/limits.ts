import { TRPCError } from "@trpc/server";
import type { RegistryContext } from "./context.ts";
import { nameMatches } from "./access.ts";
import { maxNameLength, maxTagLength, maxTags, registryServiceName } from "./schema.ts";

/**
 * What one registry accepts, so a shared registry cannot be filled or bloated by one caller. The wire schema's bounds
 * (256-character names, 64 tags of 128 characters) are the most any registry takes; these may only be lower.
 */
export interface RegistryLimits {
  /** Live registrations in all, the registry's own entries not counted. */
  maxRegistrations: number;
  /** Live registrations within the names of one name token (REGISTRY_NAME_TOKENS); the registry token is bounded only by the total. */
  maxRegistrationsPerToken: number;
  maxTags: number;
  maxTagLength: number;
  maxNameLength: number;
}

export const defaultRegistryLimits: RegistryLimits = {
  maxRegistrations: 100_000,
  maxRegistrationsPerToken: 1_000,
  maxTags,
  maxTagLength,
  maxNameLength,
};

function limitsOf(ctx: RegistryContext): RegistryLimits {
  return { ...defaultRegistryLimits, ...ctx.limits };
}

/** A name and tags within this registry's limits, or BAD_REQUEST naming the limit. */
export function refuseOverSizeLimits(ctx: RegistryContext, name: string, tags: string[]): void {
  const limits = limitsOf(ctx);
  if (name.length > limits.maxNameLength) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `name must be at most ${limits.maxNameLength} characters on this registry (its name length limit)`,
    });
  }
  if (tags.length > limits.maxTags) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `at most ${limits.maxTags} tags on this registry (its tag count limit); got ${tags.length}`,
    });
  }
  const long = tags.find((tag) => tag.length > limits.maxTagLength);
  if (long !== undefined) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `a tag must be at most ${limits.maxTagLength} characters on this registry (its tag length limit); got ${long.length}`,
    });
  }
}

/**
 * Room for one more registration of `name` at `url`, or TOO_MANY_REQUESTS naming the limit that is reached. Replacing
 * a live registration (same name and URL: a service registering again after a restart) takes no new room. Checked
 * before the store writes, so registrations racing each other can pass a full limit by as many as are in flight.
 */
export async function refuseWhenFull(ctx: RegistryContext, name: string, url: string, now: number): Promise<void> {
  const limits = limitsOf(ctx);
  const { store } = ctx;
  if ((await store.lookup(name, now)).some((instance) => instance.url === url)) return;

  const selfEntries = (await store.lookup(registryServiceName, now)).length;
  const held =
    (store.countLive ? await store.countLive(now) : (await store.listByPrefix("", now)).length) - selfEntries;
  if (held >= limits.maxRegistrations) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `this registry holds its limit of ${limits.maxRegistrations} registrations; remove some or wait for leases to expire`,
    });
  }

  const scopes = ctx.access.nameScopes;
  if (scopes === undefined) return;
  const leaseIds = new Set<string>();
  for (const pattern of scopes) {
    const instances = pattern.endsWith("*")
      ? await store.listByPrefix(pattern.slice(0, -1), now)
      : await store.lookup(pattern, now);
    for (const instance of instances) if (nameMatches(pattern, instance.name)) leaseIds.add(instance.leaseId);
  }
  if (leaseIds.size >= limits.maxRegistrationsPerToken) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `this token holds its limit of ${limits.maxRegistrationsPerToken} registrations; deregister some first`,
    });
  }
}
