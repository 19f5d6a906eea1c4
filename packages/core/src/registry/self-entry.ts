import { registryServiceName } from "./schema.ts";
import type { RegistryStore } from "./store.ts";

const selfLeaseTtlMs = 30_000;

/**
 * Lists the registry under its own name, as Pyro's name server lists `Pyro.NameServer`, so clients can
 * `connect("switchboard.registry")`. The lease is renewed from inside the process; `remove` never touches it and the
 * API refuses to register, retag or remove the name.
 */
export async function keepSelfEntry(
  store: RegistryStore,
  url: string,
  now: () => number,
): Promise<{ stop(): Promise<void> }> {
  const register = async () =>
    (
      await store.register(
        { name: registryServiceName, url, tags: ["switchboard:registry"], ttlMs: selfLeaseTtlMs },
        now(),
      )
    )?.leaseId;
  let leaseId = await register();
  const timer = setInterval(() => {
    void (async () => {
      const renewed = leaseId ? await store.renew(leaseId, now()) : null;
      if (!renewed) leaseId = await register();
    })().catch(() => undefined);
  }, selfLeaseTtlMs / 3);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      if (leaseId) await store.deregister(leaseId);
    },
  };
}
