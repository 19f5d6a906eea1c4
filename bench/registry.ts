// npm run bench:registry [-- --json] [-- --registrations 10000 --lookups 5000 --instances 1000 --seconds 10]
//
// The registry under load, as a separate process like in production:
//   1. lookup latency p50/p99 with 10,000 registrations, from the client the resolver uses (keep-alive HTTP), beside
//      Pyro4's name server holding as many names, measured with Pyro's own client;
//   2. the registry's CPU while 1,000 instances heartbeat at their normal rate (a third of the 10 s lease).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createSwitchboard } from "@switchboard/api/client";
import { freshDataDir, repositoryRoot, startApp } from "../scripts/lib/processes.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    registrations: { type: "string", default: "10000" },
    lookups: { type: "string", default: "5000" },
    instances: { type: "string", default: "1000" },
    seconds: { type: "string", default: "10" },
  },
});
const registrations = Number(options.registrations);
const lookups = Number(options.lookups);
const instances = Number(options.instances);
const seconds = Number(options.seconds);
const leaseTtlMs = 10_000;
const pythonForPyro = "/usr/bin/python3";
const say = (line: string) => {
  if (!options.json) console.log(line);
};

function percentile(sortedUs: number[], fraction: number): number {
  return Math.round(sortedUs[Math.min(sortedUs.length - 1, Math.floor(sortedUs.length * fraction))] as number);
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

async function inBatches<T>(count: number, concurrency: number, run: (index: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));

const token = "bench-registry-token-0123456789";
const registry = await startApp("registry", { SWITCHBOARD_DATA_DIR: freshDataDir(), REGISTRY_TOKEN: token });
children.push(registry.child);
const switchboard = createSwitchboard({ registryUrl: registry.url, registryToken: token });

// 1. Fill the registry, then time lookups of random names.
say(`registering ${registrations} instances …`);
const fillStarted = performance.now();
await inBatches(registrations, 32, (index) =>
  switchboard.registry.register.mutate({
    name: `bench.svc.${index}`,
    url: `http://127.0.0.1:${10_000 + (index % 50_000)}`,
    tags: ["bench"],
    ttlMs: 600_000,
  }),
);
const registrationsPerSecond = Math.round(registrations / ((performance.now() - fillStarted) / 1000));
for (let warmup = 0; warmup < 500; warmup++)
  await switchboard.registry.lookup.query({ name: `bench.svc.${warmup % registrations}` });
const samplesUs: number[] = [];
for (let lookup = 0; lookup < lookups; lookup++) {
  const name = `bench.svc.${Math.floor(Math.random() * registrations)}`;
  const started = performance.now();
  await switchboard.registry.lookup.query({ name });
  samplesUs.push((performance.now() - started) * 1000);
}
samplesUs.sort((a, b) => a - b);
const switchboardLookup = { p50Us: percentile(samplesUs, 0.5), p99Us: percentile(samplesUs, 0.99) };

let pyroLookup: { version: string; p50Us: number; p99Us: number } | null = null;
if (spawnSync(pythonForPyro, ["-c", "import Pyro4"], { stdio: "ignore" }).status === 0) {
  say(`Pyro4's name server with ${registrations} names …`);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const nameServer = spawn(pythonForPyro, ["-m", "Pyro4.naming", "-n", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
  });
  children.push(nameServer);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const run = spawnSync(
    pythonForPyro,
    [path.join(repositoryRoot, "bench/pyro/ns_lookup.py"), String(port), String(registrations), String(lookups)],
    {
      encoding: "utf8",
    },
  );
  if (run.status === 0) {
    const parsed = JSON.parse(run.stdout) as { version: string; p50Us: number; p99Us: number };
    pyroLookup = { version: parsed.version, p50Us: Math.round(parsed.p50Us), p99Us: Math.round(parsed.p99Us) };
  } else say(`Pyro4 name server run failed: ${run.stderr}`);
  nameServer.kill("SIGKILL");
} else {
  say(`Pyro4 is not installed for ${pythonForPyro} (apt-get install python3-pyro4): its figures are skipped.`);
}

// 2. 1,000 instances heartbeating every third of their lease; the registry's CPU over the window.
say(`${instances} instances heartbeating every ${Math.round(leaseTtlMs / 3)} ms for ${seconds} s …`);
await switchboard.registry.remove.mutate({ prefix: "bench." });
const leases: string[] = [];
await inBatches(instances, 32, async (index) => {
  leases.push(
    (
      await switchboard.registry.register.mutate({
        name: `bench.instance.${index}`,
        url: `http://127.0.0.1:${20_000 + index}`,
        ttlMs: leaseTtlMs,
      })
    ).leaseId,
  );
});
let heartbeats = 0;
let failedHeartbeats = 0;
const timers = leases.map((leaseId, index) =>
  setTimeout(
    () => {
      const beat = () =>
        switchboard.registry.heartbeat.mutate({ leaseId }).then(
          () => heartbeats++,
          () => failedHeartbeats++,
        );
      void beat();
      timers[index] = setInterval(() => void beat(), leaseTtlMs / 3);
    },
    Math.random() * (leaseTtlMs / 3),
  ),
);
await new Promise((resolve) => setTimeout(resolve, leaseTtlMs / 3)); // every instance is beating now
const cpuBefore = cpuSecondsOf(registry.child.pid as number);
const heartbeatsBefore = heartbeats;
const windowStarted = performance.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const windowSeconds = (performance.now() - windowStarted) / 1000;
const cpuPercent = Number(
  (((cpuSecondsOf(registry.child.pid as number) - cpuBefore) / windowSeconds) * 100).toFixed(1),
);
const heartbeatsPerSecond = Math.round((heartbeats - heartbeatsBefore) / windowSeconds);
timers.forEach((timer) => clearInterval(timer));
const stillLive = (await switchboard.registry.count.query({ prefix: "bench.instance." })).instances;

const report = {
  registrations,
  lookups,
  registrationsPerSecond,
  lookup: { switchboard: switchboardLookup, pyro4NameServer: pyroLookup },
  heartbeats: {
    instances,
    leaseTtlMs,
    heartbeatsPerSecond,
    failed: failedHeartbeats,
    registryCpuPercentOfOneCore: cpuPercent,
    stillLive,
  },
};
if (options.json) console.log(JSON.stringify(report));
else {
  console.log(
    `\nlookup of one name among ${registrations} registrations (${lookups} lookups, round trip from a client process)`,
  );
  console.log(
    `  Switchboard registry (keep-alive HTTP)   p50 ${switchboardLookup.p50Us} µs   p99 ${switchboardLookup.p99Us} µs`,
  );
  if (pyroLookup)
    console.log(
      `  Pyro4 ${pyroLookup.version} name server (Pyro proxy)    p50 ${pyroLookup.p50Us} µs   p99 ${pyroLookup.p99Us} µs`,
    );
  console.log(`  (registering them: ${registrationsPerSecond} registrations/s with 32 concurrent clients)`);
  console.log(`\n${instances} instances heartbeating every ${Math.round(leaseTtlMs / 3)} ms, over ${seconds} s`);
  console.log(
    `  ${heartbeatsPerSecond} heartbeats/s, ${failedHeartbeats} failed, ${stillLive}/${instances} still live`,
  );
  console.log(`  registry CPU: ${cpuPercent} % of one core`);
}
switchboard.close();
process.exit(0);
