import type { ServiceInstance } from "./store.ts";

export interface HealthProberOptions {
  /** The live instances to probe now. */
  instances: () => Promise<ServiceInstance[]>;
  /** True when the instance answered healthy in time. */
  probe: (instance: ServiceInstance) => Promise<boolean>;
  /** Consecutive failures before an instance is marked down (default 3), so one slow answer does not flap it. */
  failureThreshold?: number;
  /** Told when an instance goes down or comes back. */
  onTransition?: (kind: "down" | "up", instance: ServiceInstance) => void;
}

/**
 * Active health checks: each round probes every live instance; an instance is down after `failureThreshold` failures
 * in a row and up again at its first success. Down instances stay registered (their leases are theirs) but lookups
 * skip them.
 */
export class HealthProber {
  private readonly failures = new Map<string, number>();
  private readonly down = new Set<string>();
  private readonly threshold: number;

  constructor(private readonly options: HealthProberOptions) {
    this.threshold = options.failureThreshold ?? 3;
  }

  isDown(leaseId: string): boolean {
    return this.down.has(leaseId);
  }

  /** One round of probes, all at once. */
  async probeAll(): Promise<void> {
    const instances = await this.options.instances();
    const live = new Set(instances.map((instance) => instance.leaseId));
    for (const leaseId of this.failures.keys()) if (!live.has(leaseId)) this.forget(leaseId);
    for (const leaseId of this.down) if (!live.has(leaseId)) this.forget(leaseId);
    await Promise.all(
      instances.map(async (instance) => this.record(instance, await this.options.probe(instance).catch(() => false))),
    );
  }

  private record(instance: ServiceInstance, healthy: boolean): void {
    if (healthy) {
      this.failures.delete(instance.leaseId);
      if (this.down.delete(instance.leaseId)) this.options.onTransition?.("up", instance);
      return;
    }
    const failures = (this.failures.get(instance.leaseId) ?? 0) + 1;
    this.failures.set(instance.leaseId, failures);
    if (failures >= this.threshold && !this.down.has(instance.leaseId)) {
      this.down.add(instance.leaseId);
      this.options.onTransition?.("down", instance);
    }
  }

  private forget(leaseId: string): void {
    this.failures.delete(leaseId);
    this.down.delete(leaseId);
  }
}

/**
 * GET `<url>/health`, healthy when it answers 2xx within `timeoutMs`. Registered URLs carry no query or fragment, so
 * the path is always `/health`; redirects are not followed (a registration must not point the registry's requests
 * at another host) and count as unhealthy.
 */
export function httpHealthProbe(timeoutMs: number): (instance: ServiceInstance) => Promise<boolean> {
  return async (instance) => {
    const response = await fetch(`${instance.url.replace(/\/+$/, "")}/health`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    await response.body?.cancel();
    return response.ok;
  };
}
