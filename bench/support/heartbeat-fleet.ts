// Many simulated service instances heartbeating through the registries, from one client process: paced as real
// services do (every third of the lease, spread out), or flat out (a fixed number in flight, as fast as the
// registries answer) to find what the set-up sustains.
import type { Switchboard } from "@switchboard/api/client";
import { startCpuWindow, type MeasuredProcess } from "./proc-cpu.ts";
import { inBatches, percentile, sleep } from "./stats.ts";

export interface CpuFigure {
  label: string;
  percent: number;
}

export interface PacedFigures {
  heartbeatsPerSecond: number;
  failed: number;
  cpu: CpuFigure[];
}

export interface FlatOutFigures extends PacedFigures {
  concurrency: number;
  p50Us: number;
  p99Us: number;
}

interface Lease {
  leaseId: string;
  /** The registry it registered through, and heartbeats through (as a service does with its first registry). */
  registry: number;
}

export class HeartbeatFleet {
  private readonly leases: Lease[] = [];
  private timers: NodeJS.Timeout[] = [];
  private beats = 0;
  private failures = 0;

  constructor(
    private readonly registries: Switchboard[],
    readonly leaseTtlMs: number,
  ) {}

  get size(): number {
    return this.leases.length;
  }

  /** Registers instances until there are `count` (spread over the registries, 32 at a time) and paces them all. */
  async growTo(count: number, onProgress?: (line: string) => void): Promise<void> {
    const first = this.leases.length;
    let done = 0;
    await inBatches(count - first, 32, async (offset) => {
      const index = first + offset;
      const registry = index % this.registries.length;
      const { leaseId } = await this.registries[registry]!.registry.register.mutate({
        name: `bench.instance.${index}`,
        url: `http://127.0.0.1:${20_000 + (index % 40_000)}`,
        ttlMs: this.leaseTtlMs,
      });
      this.leases.push({ leaseId, registry });
      if (++done % 1_000 === 0) onProgress?.(`${first + done} / ${count} instances registered`);
    });
    this.pace();
  }

  /** Every instance heartbeats every third of its lease, the first one at a random moment within that third. */
  pace(): void {
    this.pause();
    const periodMs = this.leaseTtlMs / 3;
    this.timers = this.leases.map((lease, index) =>
      setTimeout(() => {
        void this.beat(lease);
        this.timers[index] = setInterval(() => void this.beat(lease), periodMs);
      }, Math.random() * periodMs),
    );
  }

  pause(): void {
    for (const timer of this.timers) clearInterval(timer); // clears timeouts as well
    this.timers = [];
  }

  /** The paced rate over `seconds`, and what it cost each process. */
  async pacedWindow(seconds: number, processes: MeasuredProcess[]): Promise<PacedFigures> {
    await sleep(this.leaseTtlMs / 3); // every instance has started beating
    const [beatsBefore, failuresBefore] = [this.beats, this.failures];
    const cpu = startCpuWindow(processes);
    const started = performance.now();
    await sleep(seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    return {
      heartbeatsPerSecond: Math.round((this.beats - beatsBefore) / elapsed),
      failed: this.failures - failuresBefore,
      cpu: cpu(),
    };
  }

  /** Paced beats stop; `concurrency` heartbeats in flight, round the leases, for `seconds`; then paced again. */
  async flatOutWindow(seconds: number, concurrency: number, processes: MeasuredProcess[]): Promise<FlatOutFigures> {
    this.pause();
    const samplesUs: number[] = [];
    let failed = 0;
    let next = 0;
    const cpu = startCpuWindow(processes);
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const lease = this.leases[next++ % this.leases.length]!;
          const sent = performance.now();
          try {
            await this.registries[lease.registry]!.registry.heartbeat.mutate({ leaseId: lease.leaseId });
            samplesUs.push((performance.now() - sent) * 1000);
          } catch {
            failed++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpuFigures = cpu();
    this.pace();
    samplesUs.sort((a, b) => a - b);
    return {
      concurrency,
      heartbeatsPerSecond: Math.round(samplesUs.length / elapsed),
      failed,
      p50Us: percentile(samplesUs, 0.5),
      p99Us: percentile(samplesUs, 0.99),
      cpu: cpuFigures,
    };
  }

  /** How many of the fleet's instances the first registry lists as live. */
  async liveCount(): Promise<number> {
    return (await this.registries[0]!.registry.count.query({ prefix: "bench.instance." })).instances;
  }

  private beat(lease: Lease): Promise<void> {
    return this.registries[lease.registry]!.registry.heartbeat.mutate({ leaseId: lease.leaseId }).then(
      () => void this.beats++,
      () => void this.failures++,
    );
  }
}
