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
  /**
   * Probes sent to one host per round (default 4); its other instances wait for later rounds, in turn. Whoever may
   * register chooses the URLs the registry requests: this keeps the prober from becoming a fast port scanner of one
   * host (a hundred registered ports of 10.0.0.5 take 25 rounds, not one).
   */
  maxProbesPerHost?: number;
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
  private readonly perHost: number;
  /** Per host, where the next round starts among its instances. */
  private readonly turn = new Map<string, number>();

  constructor(private readonly options: HealthProberOptions) {
    this.threshold = options.failureThreshold ?? 3;
    this.perHost = options.maxProbesPerHost ?? 4;
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
      this.thisRound(instances).map(async (instance) =>
        this.record(instance, await this.options.probe(instance).catch(() => false)),
      ),
    );
  }

  /** At most `maxProbesPerHost` instances of each host, the next ones in turn each round. */
  private thisRound(instances: ServiceInstance[]): ServiceInstance[] {
    const byHost = new Map<string, ServiceInstance[]>();
    for (const instance of instances) {
      const host = hostOf(instance.url);
      byHost.set(host, [...(byHost.get(host) ?? []), instance]);
    }
    for (const host of this.turn.keys()) if (!byHost.has(host)) this.turn.delete(host);
    const chosen: ServiceInstance[] = [];
    for (const [host, ofHost] of byHost) {
      if (ofHost.length <= this.perHost) {
        chosen.push(...ofHost);
        continue;
      }
      ofHost.sort((a, b) => a.leaseId.localeCompare(b.leaseId));
      const start = (this.turn.get(host) ?? 0) % ofHost.length;
      for (let offset = 0; offset < this.perHost; offset++) chosen.push(ofHost[(start + offset) % ofHost.length]!);
      this.turn.set(host, start + this.perHost);
    }
    return chosen;
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
 * at another host) and count as unhealthy. Only healthy or not comes out of it — never the error, the status or the
 * time taken — so a registrant learns nothing more about the host than the instance's own health.
 */
export function httpHealthProbe(timeoutMs: number): (instance: ServiceInstance) => Promise<boolean> {
  return async (instance) => {
    // The registry accepts only http(s) URLs; this holds even for a store written by something else.
    if (!/^https?:\/\//i.test(instance.url)) return false;
    const response = await fetch(`${instance.url.replace(/\/+$/, "")}/health`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    await response.body?.cancel();
    return response.ok;
  };
}

/** The host part of a URL (lower case, without the port), or the URL itself when it does not parse. */
function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).hostname : url;
}
