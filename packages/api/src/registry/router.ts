import { TRPCError } from "@trpc/server";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { initService } from "../trpc.ts";
import type { RegistryContext } from "./context.ts";
import { leaseInput, listInput, lookupInput, registerInput } from "./schema.ts";
import type { ServiceInstance } from "./store.ts";

const t = initService<RegistryContext>();

/** Reads: open unless the registry is configured to gate them too. */
const readProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.access.canRead)
    throw new TRPCError({ code: "UNAUTHORIZED", message: "this registry needs a bearer token to read" });
  return next();
});

/** Writes: register, heartbeat, deregister… need the registry's bearer token when it has one. */
const writeProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.access.canWrite) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "registry writes need a valid bearer token (REGISTRY_TOKEN)",
    });
  }
  return next();
});

/** What a client sees of an instance; the lease id stays with the instance that owns it. */
function publicView({ url, tags, leaseExpiresAt }: ServiceInstance) {
  return { url, tags, leaseExpiresAt };
}

/** The name server: services register `name → URL` under leases kept alive by heartbeats; clients look names up. */
export const registryRouter = t.router({
  register: writeProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    const instance = await ctx.store.register(input, ctx.now());
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

  lookup: readProcedure.input(lookupInput).query(async ({ ctx, input }) => {
    const instances = await ctx.store.lookup(input.name, ctx.now());
    if (instances.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: `unknown name: ${input.name}` });
    return { name: input.name, instances: instances.map(publicView) };
  }),

  /** Every live name under `prefix` (all names when empty), each with its instances, sorted by name. */
  list: readProcedure.input(listInput).query(async ({ ctx, input }) => {
    const byName = new Map<string, ReturnType<typeof publicView>[]>();
    for (const instance of await ctx.store.listByPrefix(input.prefix, ctx.now())) {
      const instances = byName.get(instance.name) ?? [];
      instances.push(publicView(instance));
      byName.set(instance.name, instances);
    }
    return [...byName].map(([name, instances]) => ({ name, instances }));
  }),

  ping: t.procedure.query(() => "pong" as const),
});

export type RegistryRouter = typeof registryRouter;
export type RegistryInputs = inferRouterInputs<RegistryRouter>;
export type RegistryOutputs = inferRouterOutputs<RegistryRouter>;
