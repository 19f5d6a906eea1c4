// Watch fan-out: many clients following the registry's changes (as every client's name cache does, over SSE) while
// registrations arrive at a steady rate. Every change goes to every watcher, so the registries' cost grows with
// changes/s × watchers; this measures it, and how late the events arrive.
import { createSwitchboard, silentLogger, type Switchboard } from "@switchboard/api/client";
import { startCpuWindow, type MeasuredProcess } from "./proc-cpu.ts";
import type { CpuFigure } from "./heartbeat-fleet.ts";
import { percentile, sleep } from "./stats.ts";

export interface FanoutFigures {
  watchers: number;
  changesPerSecond: number;
  /** Events that reached watchers, per second (ideally watchers × changes/s). */
  deliveredPerSecond: number;
  /** Events expected but not delivered within the window's grace second. */
  missing: number;
  /** From sending the registration to the event at a watcher: the write, the mirror, the stream. */
  p50Us: number;
  p99Us: number;
  cpu: CpuFigure[];
}

/**
 * Opens `watchers` watch streams (spread over the registries, each its own client), then registers `changesPerSecond`
 * names a second for `seconds` through the registries in turn.
 */
export async function measureFanout(
  registryUrls: string[],
  writers: Switchboard[],
  options: { watchers: number; changesPerSecond: number; seconds: number; processes: MeasuredProcess[] },
): Promise<FanoutFigures> {
  const { watchers, changesPerSecond, seconds } = options;
  const registeredAt = new Map<string, number>();
  const latenciesUs: number[] = [];
  let delivered = 0;
  const clients: Switchboard[] = [];
  const stops: Array<() => void> = [];
  let open = 0;
  for (let index = 0; index < watchers; index++) {
    const client = createSwitchboard({ registryUrl: registryUrls[index % registryUrls.length], log: silentLogger });
    clients.push(client);
    stops.push(
      client.watch(
        { prefix: "bench.watch." },
        {
          onStarted: () => void open++,
          onEvent: (event) => {
            const at = registeredAt.get(event.name);
            if (event.kind !== "registered" || at === undefined) return;
            delivered++;
            latenciesUs.push((performance.now() - at) * 1000);
          },
        },
      ),
    );
  }
  try {
    while (open < watchers) await sleep(50);
    const cpu = startCpuWindow(options.processes);
    const started = performance.now();
    const total = Math.round(changesPerSecond * seconds);
    for (let index = 0; index < total; index++) {
      // Paced against the clock, so a slow registration does not lower the rate for the rest of the window.
      const due = started + (index * 1000) / changesPerSecond;
      if (due > performance.now()) await sleep(due - performance.now());
      const name = `bench.watch.${index}`;
      const { registry } = writers[index % writers.length]!;
      registeredAt.set(name, performance.now());
      await registry.register.mutate({ name, url: `http://127.0.0.1:${30_000 + (index % 30_000)}`, ttlMs: 600_000 });
    }
    const elapsed = (performance.now() - started) / 1000; // the registering window; the grace second is not in it
    await sleep(1_000); // the last events on their way
    const cpuFigures = cpu();
    latenciesUs.sort((a, b) => a - b);
    return {
      watchers,
      changesPerSecond,
      deliveredPerSecond: Math.round(delivered / elapsed),
      missing: total * watchers - delivered,
      p50Us: percentile(latenciesUs, 0.5),
      p99Us: percentile(latenciesUs, 0.99),
      cpu: cpuFigures,
    };
  } finally {
    for (const stop of stops) stop();
    for (const client of clients) client.close();
  }
}
