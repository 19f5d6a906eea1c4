import { parseServiceDescription, type ServiceDescription } from "../console/service-description.ts";
import { fetchFromInstance } from "../instance-fetch.ts";
import { callCountersOf, type CallCounters } from "./call-counters.ts";
import { callSeriesOf, type CallPoint } from "./call-series.ts";
import { parsePrometheusText } from "./prometheus-text.ts";

/** Whether an instance answered its `/health` at one sampling. */
export interface HealthMark {
  at: number;
  up: boolean;
}

/** What the directory shows of one instance: what it offers and how its calls have gone lately. */
export interface InstanceInsight {
  /** From `/describe`; null while it has not answered (or a service turned reflection off). */
  description: ServiceDescription | null;
  /** Per procedure, one point per sampling interval, oldest first. */
  calls: Record<string, CallPoint[]>;
  health: HealthMark[];
}

export interface SamplerOptions {
  intervalMs?: number;
  /** How many intervals of history to keep per instance. */
  historyLength?: number;
  /** Instances nobody asked about for this long are no longer sampled (and forgotten later). */
  idleAfterMs?: number;
}

interface InstanceRecord {
  scrapes: CallCounters[];
  health: HealthMark[];
  description: ServiceDescription | null;
  /** The schema hash the description was fetched for; a new one in the registry's tags fetches it again. */
  describedFor: string | undefined;
  describedAt: number;
  wantedAt: number;
}

/** A service that has not described itself (yet) is asked again this often: it may have been starting. */
const describeRetryMs = 30_000;

/**
 * Samples the instances the directory shows: `/metrics` and `/health` every interval, `/describe` when first seen
 * and when its schema hash changes. It runs on the web server (the browser never reaches a service) and only while
 * someone looks: instances not asked about for `idleAfterMs` are left alone, and the timer stops when none is left.
 */
export class InstanceSampler {
  private readonly records = new Map<string, InstanceRecord>();
  private readonly intervalMs: number;
  private readonly historyLength: number;
  private readonly idleAfterMs: number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(options: SamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 2_000;
    this.historyLength = options.historyLength ?? 30;
    this.idleAfterMs = options.idleAfterMs ?? 60_000;
  }

  /**
   * Says these instances are being looked at (URL → the schema hash the registry lists for it) and returns what is
   * known of each. An instance seen for the first time is sampled before this answers, and one whose schema hash
   * changed is described again, so a page always shows what an instance offers now.
   */
  async insights(instances: ReadonlyMap<string, string | undefined>): Promise<Map<string, InstanceInsight>> {
    const now = Date.now();
    const firstSamplings: Promise<void>[] = [];
    for (const [url, schemaHash] of instances) {
      let record = this.records.get(url);
      if (!record) {
        record = { scrapes: [], health: [], description: null, describedFor: undefined, describedAt: 0, wantedAt: now };
        this.records.set(url, record);
        firstSamplings.push(this.sample(url, record, schemaHash));
      }
      record.wantedAt = now;
      // Another version behind the same URL: what it offers now is fetched before answering.
      if (schemaHash !== undefined && schemaHash !== record.describedFor) {
        firstSamplings.push(this.describe(url, record, schemaHash));
      }
    }
    await Promise.all(firstSamplings);
    this.startTimer();
    return new Map([...instances.keys()].map((url) => [url, this.insightOf(this.records.get(url)!)]));
  }

  /** Stops sampling (tests; the web server's process just exits). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A slow round (instances timing out) is not stacked on by the next one.
      this.round ??= this.sampleWanted().finally(() => (this.round = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  private async sampleWanted(): Promise<void> {
    const now = Date.now();
    const wanted: Promise<void>[] = [];
    for (const [url, record] of this.records) {
      if (now - record.wantedAt > this.idleAfterMs * 5) this.records.delete(url);
      else if (now - record.wantedAt <= this.idleAfterMs) wanted.push(this.sample(url, record, record.describedFor));
    }
    if (wanted.length === 0) this.stop();
    await Promise.all(wanted);
  }

  private async sample(url: string, record: InstanceRecord, schemaHash: string | undefined): Promise<void> {
    const describeNow = record.description === null && Date.now() - record.describedAt > describeRetryMs;
    const [metrics, health] = await Promise.all([
      fetchFromInstance(url, "/metrics"),
      fetchFromInstance(url, "/health"),
      describeNow ? this.describe(url, record, schemaHash) : undefined,
    ]);
    const at = Date.now();
    push(record.health, { at, up: health !== undefined }, this.historyLength);
    // After a pause in sampling (nobody looked), one point spanning the pause would blur it: start the lines afresh.
    const last = record.scrapes.at(-1);
    if (last && at - last.at > this.intervalMs * 3) record.scrapes.length = 0;
    // A scrape that failed leaves a gap rather than a fake zero.
    if (metrics !== undefined) {
      push(record.scrapes, callCountersOf(parsePrometheusText(metrics), at), this.historyLength + 1);
    }
  }

  private async describe(url: string, record: InstanceRecord, schemaHash: string | undefined): Promise<void> {
    record.describedFor = schemaHash;
    record.describedAt = Date.now();
    const text = await fetchFromInstance(url, "/describe");
    const description = text === undefined ? undefined : parseServiceDescription(text);
    if (description) record.description = description;
  }

  private insightOf(record: InstanceRecord): InstanceInsight {
    return {
      description: record.description,
      calls: Object.fromEntries(callSeriesOf(record.scrapes)),
      health: [...record.health],
    };
  }
}

function push<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

// One sampler per server process, kept on globalThis so that `next dev` reloading this module does not start another.
const holder = globalThis as typeof globalThis & { switchboardInstanceSampler?: InstanceSampler };

export function instanceSampler(): InstanceSampler {
  holder.switchboardInstanceSampler ??= new InstanceSampler();
  return holder.switchboardInstanceSampler;
}
