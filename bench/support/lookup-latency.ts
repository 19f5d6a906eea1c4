// Lookup latency among many registrations, from a client process over the TCP transport (the resolver's path).
import type { Switchboard } from "@switchboard/api/client";
import { inBatches, percentile } from "./stats.ts";

export interface LookupFigures {
  registrations: number;
  registrationsPerSecond: number;
  lookups: number;
  p50Us: number;
  p99Us: number;
}

/**
 * Registers `registrations` names (32 concurrent clients, spread over the registries), then times `lookups` lookups
 * of random names one after another, taking turns over the registries — on etcd, most names a registry answers for
 * arrived through its mirror, not through itself.
 */
export async function measureLookups(
  registries: Switchboard[],
  options: { registrations: number; lookups: number; onProgress?: (line: string) => void },
): Promise<LookupFigures> {
  const { registrations, lookups } = options;
  const registry = (index: number) => registries[index % registries.length]!.registry;
  const fillStarted = performance.now();
  let done = 0;
  await inBatches(registrations, 32, async (index) => {
    await registry(index).register.mutate({
      name: `bench.svc.${index}`,
      url: `http://127.0.0.1:${10_000 + (index % 50_000)}`,
      tags: ["bench"],
      ttlMs: 600_000,
    });
    if (++done % 2_500 === 0) options.onProgress?.(`${done} / ${registrations} registered`);
  });
  const registrationsPerSecond = Math.round(registrations / ((performance.now() - fillStarted) / 1000));
  for (let warmup = 0; warmup < 500; warmup++) {
    await registry(warmup).lookup.query({ name: `bench.svc.${warmup % registrations}` });
  }
  const samplesUs: number[] = [];
  for (let lookup = 0; lookup < lookups; lookup++) {
    const name = `bench.svc.${Math.floor(Math.random() * registrations)}`;
    const started = performance.now();
    await registry(lookup).lookup.query({ name });
    samplesUs.push((performance.now() - started) * 1000);
  }
  samplesUs.sort((a, b) => a - b);
  return {
    registrations,
    registrationsPerSecond,
    lookups,
    p50Us: percentile(samplesUs, 0.5),
    p99Us: percentile(samplesUs, 0.99),
  };
}
