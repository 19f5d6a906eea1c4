// npm run bench:registry [-- --store sqlite|etcd|both] [-- --json]
//   [-- --registrations 10000 --lookups 5000 --instances 1000,5000 --seconds 10 --concurrency 64]
//   [-- --watchers 200 --changes 20]
//
// The registry under load, as separate processes like in production, on the default store (SQLite, one registry),
// on etcd (two registries sharing a directory in a 3-member cluster), or both side by side in one run:
//   1. lookup latency p50/p99 with 10,000 registrations, from this client process over the TCP transport (the
//      resolver's path), beside Pyro4's name server holding as many names, timed with Pyro's own client;
//   2. for 1,000 and then 5,000 instances (registered through the registries in turn): heartbeats at the normal rate
//      (every third of a 10 s lease, spread out), then flat out (64 in flight), with the CPU of every registry and
//      every etcd member from /proc/<pid>/stat over each window;
//   3. watch fan-out: 200 clients following the directory over SSE while 20 names a second register, with the
//      registries' CPU and how late the events arrive.
// Everything runs on this machine, client included: on a machine others are using the figures mean little.
import { parseArgs } from "node:util";
import { createSwitchboard, silentLogger } from "@switchboard/api/client";
import { HeartbeatFleet } from "./support/heartbeat-fleet.ts";
import { measureLookups } from "./support/lookup-latency.ts";
import { measureFanout } from "./support/watch-fanout.ts";
import { measurePyroLookups } from "./support/pyro-name-server.ts";
import { benchToken, startRegistrySetup, type RegistrySetup, type StoreName } from "./support/registry-setups.ts";
import { aims, summaryTable, type HeartbeatRun, type StoreReport } from "./support/registry-summary.ts";
import { thousands } from "./support/stats.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    store: { type: "string", default: "sqlite" },
    registrations: { type: "string", default: "10000" },
    lookups: { type: "string", default: "5000" },
    instances: { type: "string", default: "1000,5000" },
    seconds: { type: "string", default: "10" },
    concurrency: { type: "string", default: "64" },
    watchers: { type: "string", default: "200" },
    changes: { type: "string", default: "20" },
  },
});
const stores: StoreName[] = options.store === "both" ? ["sqlite", "etcd"] : [options.store as StoreName];
if (!stores.every((store) => store === "sqlite" || store === "etcd")) {
  console.error(`--store takes sqlite, etcd or both, not ${options.store}`);
  process.exit(2);
}
const registrations = Number(options.registrations);
const lookups = Number(options.lookups);
const instanceCounts = options.instances.split(",").map(Number);
const seconds = Number(options.seconds);
const concurrency = Number(options.concurrency);
const watchers = Number(options.watchers);
const changesPerSecond = Number(options.changes);
const leaseTtlMs = 10_000;
const started = performance.now();
const say = (line: string) => {
  if (!options.json) console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
};

const reports: StoreReport[] = [];
for (const store of stores) reports.push(await benchmark(store));
say(`Pyro4's name server with ${thousands(registrations)} names …`);
const pyro = await measurePyroLookups(registrations, lookups);

if (options.json) console.log(JSON.stringify({ stores: reports, pyro4NameServer: pyro, aims }));
else console.log(`\n${summaryTable(reports, pyro)}`);
process.exit(0);

async function benchmark(store: StoreName): Promise<StoreReport> {
  say(`[${store}] starting ${store === "etcd" ? "a 3-member etcd cluster and 2 registries" : "1 registry"} …`);
  const setup = await startRegistrySetup(store);
  const switchboards = setup.registryUrls.map((registryUrl) =>
    createSwitchboard({ registryUrl, registryToken: benchToken, log: silentLogger, watch: false }),
  );
  try {
    say(`[${store}] registering ${thousands(registrations)} names, then ${thousands(lookups)} lookups …`);
    const lookup = await measureLookups(switchboards, {
      registrations,
      lookups,
      onProgress: (line) => say(`[${store}] ${line}`),
    });
    say(`[${store}] lookup p50 ${lookup.p50Us} µs, p99 ${lookup.p99Us} µs`);
    const heartbeats = await heartbeatRuns(store, setup, switchboards);
    say(`[${store}] ${watchers} watchers, ${changesPerSecond} registrations/s for ${seconds} s …`);
    const fanout = await measureFanout(setup.registryUrls, switchboards, {
      watchers,
      changesPerSecond,
      seconds,
      processes: [...setup.processes, { label: "client", pid: process.pid }],
    });
    say(`[${store}] ${thousands(fanout.deliveredPerSecond)} events/s delivered, ${fanout.missing} missing`);
    return { store, title: setup.title, lookup, heartbeats, fanout };
  } finally {
    for (const switchboard of switchboards) switchboard.close();
    await setup.stop();
  }
}

async function heartbeatRuns(
  store: StoreName,
  setup: RegistrySetup,
  switchboards: ReturnType<typeof createSwitchboard>[],
) {
  const processes = [...setup.processes, { label: "client", pid: process.pid }];
  const fleet = new HeartbeatFleet(switchboards, leaseTtlMs);
  const runs: HeartbeatRun[] = [];
  try {
    for (const instances of instanceCounts) {
      say(`[${store}] growing to ${thousands(instances)} heartbeating instances …`);
      await fleet.growTo(instances, (line) => say(`[${store}] ${line}`));
      say(`[${store}] ${thousands(instances)} instances at their normal rate for ${seconds} s …`);
      const paced = await fleet.pacedWindow(seconds, processes);
      say(
        `[${store}] ${thousands(paced.heartbeatsPerSecond)} heartbeats/s, ${paced.failed} failed; flat out for ${seconds} s …`,
      );
      const flatOut = await fleet.flatOutWindow(seconds, concurrency, processes);
      say(`[${store}] flat out: ${thousands(flatOut.heartbeatsPerSecond)} heartbeats/s, ${flatOut.failed} failed`);
      runs.push({ instances, leaseTtlMs, paced, flatOut, stillLive: await fleet.liveCount() });
    }
  } finally {
    fleet.pause();
  }
  return runs;
}
