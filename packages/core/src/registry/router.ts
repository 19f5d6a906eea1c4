import { tracked, TRPCError } from "@trpc/server";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { initService } from "../trpc.ts";
import type { RegistryContext } from "./context.ts";
import { groupByName, instanceMatcher } from "./filters.ts";
import { refuseOverSizeLimits, refuseWhenFull } from "./limits.ts";
import {
  countInput,
  leaseInput,
  listInput,
  lookupByTagsInput,
  lookupInput,
  registerInput,
  registryServiceName,
  removeInput,
  setMetadataInput,
  watchInput,
} from "./schema.ts";
import type { ServiceInstance } from "./store.ts";

const t = initService<RegistryContext>();

/** Reads: open unless the registry is configured to gate them too. */
const readProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.access.canRead)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "this registry needs a bearer token to read" });
  return next();
});

/**
 * Writes: register, heartbeat, deregister… need the registry's bearer token when it has one. Each one is safe to send
 * again after a dropped connection (a registration replaces the one with the same name and URL; a `safe` one answers
 * CONFLICT the second time), so a client fails them over to another registry.
 */
const writeProcedure = t.procedure.meta({ idempotent: true }).use(({ ctx, next }) => {
  if (!ctx.access.canWrite) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "registry writes need a valid bearer token (REGISTRY_TOKEN)",
    });
  }
  return next();
});

/** What a client sees of an instance; the lease id stays with the instance that owns it. */
function publicView({ url, tags, leaseExpiresAt, ttlMs }: ServiceInstance, healthy = true) {
  return { url, tags, leaseExpiresAt, ttlMs, healthy };
}

const isHealthy = (ctx: RegistryContext) => (instance: ServiceInstance) => !ctx.health?.isDown(instance.leaseId);

/** A name token may write only its own names: the greeter's token cannot register as the shop and take its calls. */
function refuseForeignName(ctx: RegistryContext, name: string): void {
  if (!ctx.access.mayWrite(name)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `this token may not write the name ${name}` });
  }
}

function refuseReservedName(name: string): void {
  if (name === registryServiceName) {
    throw new TRPCError({ code: "FORBIDDEN", message: `${registryServiceName} is reserved for the registry itself` });
  }
}

/** The name server: services register `name → URL` under leases kept alive by heartbeats; clients look names up. */
export const registryRouter = t.router({
  register: writeProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    refuseReservedName(input.name);
    refuseForeignName(ctx, input.name);
    refuseOverSizeLimits(ctx, input.name, input.tags);
    const now = ctx.now();
    await refuseWhenFull(ctx, input.name, input.url, now);
    const instance = await ctx.store.register(input, now, { onlyIfNameFree: input.safe });
    if (!instance) throw new TRPCError({ code: "CONFLICT", message: `name already registered: ${input.name}` });
    return { leaseId: instance.leaseId, ttlMs: instance.ttlMs, leaseExpiresAt: instance.leaseExpiresAt };
  }),

  heartbeat: writeProcedure.input(leaseInput).mutation(async ({ ctx, input }) => {
    const instance = await ctx.store.renew(input.leaseId, ctx.now());
    if (!instance) {
      throw new TRPCError({
        code: "NOT_FOUND",
        message: `unknown lease: ${input.leaseId} (expired or deregistered); register again`,
      });
    }
    return { leaseId: instance.leaseId, leaseExpiresAt: instance.leaseExpiresAt };
  }),

  deregister: writeProcedure
    .input(leaseInput)
    .mutation(async ({ ctx, input }) => ({ removed: await ctx.store.deregister(input.leaseId) })),

  /** Replaces the tags of every live instance of a name (Pyro's `set_metadata`). */
  setMetadata: writeProcedure.input(setMetadataInput).mutation(async ({ ctx, input }) => {
    refuseReservedName(input.name);
    refuseForeignName(ctx, input.name);
    refuseOverSizeLimits(ctx, input.name, input.tags);
    const updated = await ctx.store.setTags(input.name, input.tags, ctx.now());
    if (updated === 0) throw new TRPCError({ code: "NOT_FOUND", message: `unknown name: ${input.name}` });
    return { name: input.name, tags: input.tags, updated };
  }),

  /**
   * Removes by exact name, prefix or pattern; how many instances went (0 is not an error). Never the registry's own,
   * and with a name token only instances of its names.
   */
  remove: writeProcedure.input(removeInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const candidates =
      input.name !== undefined
        ? await ctx.store.lookup(input.name, now)
        : await ctx.store.listByPrefix(input.prefix ?? "", now);
    const matches = instanceMatcher({ regex: input.regex });
    const leaseIds = candidates
      // A name token removes only within its own names; the registry's own entry is never removed.
      .filter((instance) => instance.name !== registryServiceName && ctx.access.mayWrite(instance.name))
      .filter(matches)
      .map((instance) => instance.leaseId);
    return { removed: leaseIds.length === 0 ? 0 : await ctx.store.deregisterMany(leaseIds) };
  }),

  /** The healthy live instances of a name (all of them unless active health checks marked some down). */
  lookup: readProcedure.input(lookupInput).query(async ({ ctx, input }) => {
    const instances = await ctx.store.lookup(input.name, ctx.now());
    if (instances.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: `unknown name: ${input.name}` });
    const healthy = instances.filter(isHealthy(ctx));
    if (healthy.length === 0)
      throw new TRPCError({ code: "NOT_FOUND", message: `no healthy instance of ${input.name}` });
    return { name: input.name, instances: healthy.map((instance) => publicView(instance)) };
  }),

  /** Every live instance that carries all of these tags, whatever its name (Pyro's `PYROMETA:` lookup). */
  lookupByTags: readProcedure.input(lookupByTagsInput).query(async ({ ctx, input }) => {
    const instances = (await ctx.store.listByPrefix("", ctx.now()))
      .filter(instanceMatcher({ tagsAll: input.tags }))
      .filter(isHealthy(ctx));
    if (instances.length === 0) {
      throw new TRPCError({
        code: "NOT_FOUND",
        message: `no instance carries all of the tags: ${input.tags.join(", ")}`,
      });
    }
    return instances.map((instance) => ({ name: instance.name, ...publicView(instance) }));
  }),

  /** Live names with all their instances (`healthy` says which pass health checks), sorted by name; one filter. */
  list: readProcedure.input(listInput).query(async ({ ctx, input }) => {
    const instances = await ctx.store.listByPrefix(input.prefix ?? "", ctx.now());
    const healthy = isHealthy(ctx);
    return groupByName(instances.filter(instanceMatcher(input)), (instance) => publicView(instance, healthy(instance)));
  }),

  count: readProcedure.input(countInput).query(async ({ ctx, input }) => {
    const instances = await ctx.store.listByPrefix(input.prefix ?? "", ctx.now());
    return { names: new Set(instances.map((instance) => instance.name)).size, instances: instances.length };
  }),

  /**
   * Registrations, tag changes, removals and expiries of one name or a prefix, as they happen (SSE). Each event is
   * `tracked` by its id, so a consumer that reconnects resumes after the last event it saw and misses nothing.
   */
  watch: readProcedure.input(watchInput).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of ctx.events.follow(input, input.lastEventId, signal)) yield tracked(event.id, event);
  }),

  ping: t.procedure.query(() => "pong" as const),
});

export type RegistryRouter = typeof registryRouter;
export type RegistryInputs = inferRouterInputs<RegistryRouter>;
export type RegistryOutputs = inferRouterOutputs<RegistryRouter>;
