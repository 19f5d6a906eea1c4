// Abusive clients against a running registry and greeter, from another address (127.0.0.2), while a normal caller on
// 127.0.0.1 makes calls over a fresh TCP connection each (so a cap that refused new connections would show): its
// failures and its p50/p99 are the figures, and the tally says how the abuse was refused.
import http from "node:http";
import { startSystem, type RunningSystem } from "../processes.ts";
import { sleep, startCallLoad, summarize } from "./call-load.ts";
import { milliseconds, type ChaosRow, type ChaosSize } from "./chaos-row.ts";
import { idleWebSockets, nonReadingClient, slowloris, sseWatchers, type AbuseTally } from "./abuse.ts";

const abuser = "127.0.0.2";

const sizes = {
  short: { sockets: 600, perAddress: 200, streams: 150, maxStreams: 100, holdMs: 1_500, listRequests: 400 },
  full: { sockets: 3_000, perAddress: 1_000, streams: 500, maxStreams: 300, holdMs: 4_000, listRequests: 2_000 },
};

/** GET over a new connection (no keep-alive agent): answers, or throws on an error status or after 5 s. */
export function freshGet(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      response.on("end", () =>
        response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`)),
      );
    });
    request.on("timeout", () => request.destroy(new Error("no answer within 5 s")));
    request.on("error", reject);
  });
}

export interface AbuseSystem {
  system: RunningSystem;
  greeterUrl: string;
  size: ChaosSize;
  stop(): Promise<void>;
}

/** A registry (with small stream and buffer caps, to show the refusals) and a greeter, with many registrations. */
export async function startAbuseSystem(size: ChaosSize): Promise<AbuseSystem> {
  const caps = sizes[size];
  const limits = {
    SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS: String(caps.perAddress),
    SWITCHBOARD_MAX_STREAMS: String(caps.maxStreams),
    SWITCHBOARD_MAX_BUFFERED_BYTES: String(4 * 1024 * 1024),
  };
  const system = await startSystem(limits);
  const greeter = await system.start("greeter");
  // Enough registrations that `list` is a big reply (about 40 KB) for the client that never reads.
  const writer = system.switchboard();
  for (let index = 0; index < 200; index++) {
    await writer.registry.register.mutate({
      name: `chaos.filler.service-${String(index).padStart(4, "0")}`,
      url: `http://127.0.0.1:${20_000 + index}`,
      tags: ["filler", `batch-${index % 10}`],
      ttlMs: 600_000,
    });
  }
  return { system, greeterUrl: greeter.url, size, stop: () => system.stopAll() };
}

async function abuseRow(
  fault: string,
  target: string,
  abuse: () => Promise<AbuseTally>,
  holdMs: number,
): Promise<ChaosRow> {
  const load = startCallLoad(() => freshGet(`${target}/health`), 2, 20);
  await sleep(300);
  const faultAt = performance.now();
  const tally = await abuse();
  await sleep(holdMs);
  const summary = summarize(await load.stop(), faultAt, 5_000);
  await tally.stop();
  return {
    fault,
    load: "normal call, new connection each, 2 callers",
    calls: summary.calls,
    failed: summary.failed,
    recovery: `p50 ${milliseconds(summary.p50Ms)}, p99 ${milliseconds(summary.p99Ms)}`,
    check: [
      `${tally.accepted} held, ${tally.refused} refused`,
      tally.unconnected ? `, ${tally.unconnected} reset before an answer` : "",
      tally.refusals.length ? `: ${tally.refusals.slice(0, 2).join("; ")}` : "",
    ].join(""),
    ok: summary.failed === 0 && (tally.refused > 0 || tally.accepted > 0),
    failures: summary.failures,
  };
}

export function slowlorisRow(abuse: AbuseSystem): Promise<ChaosRow> {
  const caps = sizes[abuse.size];
  return abuseRow(
    `slowloris: ${caps.sockets} half-open requests`,
    abuse.greeterUrl,
    () => slowloris(abuse.greeterUrl, caps.sockets, abuser),
    caps.holdMs,
  );
}

export function idleWebSocketsRow(abuse: AbuseSystem): Promise<ChaosRow> {
  const caps = sizes[abuse.size];
  return abuseRow(
    `${caps.sockets} idle WebSockets`,
    abuse.greeterUrl,
    () => idleWebSockets(abuse.greeterUrl, caps.sockets, abuser),
    caps.holdMs,
  );
}

export function sseWatchersRow(abuse: AbuseSystem): Promise<ChaosRow> {
  const caps = sizes[abuse.size];
  return abuseRow(
    `${caps.streams} SSE watch streams on the registry`,
    abuse.system.registryUrl,
    () => sseWatchers(abuse.system.registryUrl, caps.streams),
    caps.holdMs,
  );
}

export function nonReaderRow(abuse: AbuseSystem): Promise<ChaosRow> {
  const caps = sizes[abuse.size];
  return abuseRow(
    `client never reads ${caps.listRequests} big replies (registry list)`,
    abuse.system.registryUrl,
    () => nonReadingClient(abuse.system.registryUrl, "list", {}, caps.listRequests, abuser),
    500,
  );
}
