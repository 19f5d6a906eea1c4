// `npm run start:cluster`: the distributed set-up on one machine — a 3-member etcd cluster and PostgreSQL (their
// data under the data directory, default .data/cluster), two registries sharing one directory in etcd, two shops
// sharing one PostgreSQL database, the greeter and the web app, every one of them given both registry URLs. It prints
// each step, then a table of what runs where, then the processes' logs. Ctrl-C stops everything in order (services,
// registries, then etcd and PostgreSQL); nothing outlives it, even if it is killed itself (see lib/tied-spawn.ts).
// It installs nothing: without etcd or PostgreSQL it names the Debian packages. Deploying it across machines:
// docs/scaling.md.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createSwitchboard } from "@switchboard/api/client";
import { resolveDataDir } from "@switchboard/db";
import { clusterPlan, portsInUse, registryList, type ClusterPlan } from "./lib/cluster-plan.ts";
import { devSecrets } from "./lib/dev-secrets.ts";
import { LayeredShutdown } from "./lib/layered-shutdown.ts";
import { startLocalEtcd, type LocalEtcd } from "./lib/local-etcd.ts";
import { startLocalPostgres, type LocalPostgres } from "./lib/local-postgres.ts";
import { formatLogLine } from "./lib/log-echo.ts";
import { findClusterBinaries, MissingPrerequisites } from "./lib/prerequisites.ts";
import { startApp, type AppName, type RunningApp } from "./lib/processes.ts";
import { textTable } from "./lib/text-table.ts";
import { stopTied } from "./lib/tied-spawn.ts";
import { buildWebIfStale } from "./lib/web-build-if-stale.ts";
import { startWebProcess, type WebProcess } from "./lib/web-process.ts";

const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[cluster ${elapsed().padStart(6)}] ${line}`);
/** A path as a person would type it here: relative when under this folder, absolute otherwise. */
const relative = (file: string) => {
  const fromHere = path.relative(process.cwd(), file);
  return fromHere === "" ? "." : fromHere.startsWith("..") ? file : fromHere;
};

const plan = clusterPlan(resolveDataDir(process.env.SWITCHBOARD_DATA_DIR ?? ".data/cluster"));
const shutdown = new LayeredShutdown(say);
const layer = { databases: 0, registries: 1, services: 2 } as const;
let firstSignalAt: number | undefined;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (firstSignalAt !== undefined) {
      // The same Ctrl-C can arrive twice (from the terminal and forwarded by npm): only a later one means "now".
      if (Date.now() - firstSignalAt < 1_000) return;
      say("second signal: killing everything now");
      process.exit(130); // tied-spawn's exit handler SIGKILLs every child
    }
    firstSignalAt = Date.now();
    say(`${signal}: stopping (again to kill at once)`);
    void shutdown.stopAll().then(() => {
      say(`stopped; data kept in ${relative(plan.dataDir)}`);
      process.exit(0);
    });
  });
}

try {
  await startCluster(plan);
} catch (error) {
  if (!shutdown.isStopping) {
    console.error(
      `\n${error instanceof MissingPrerequisites ? "" : "start:cluster failed: "}${(error as Error).message}`,
    );
    await shutdown.stopAll();
    process.exit(1);
  }
}

async function startCluster(plan: ClusterPlan): Promise<void> {
  say(`data directory ${relative(plan.dataDir)}`);
  const binaries = findClusterBinaries(process.env.POSTGRES_BIN_DIR);
  say(
    `found etcd ${binaries.etcd.version} (${binaries.etcd.path}), PostgreSQL ${binaries.postgres.version} (${binaries.postgres.binDir})`,
  );
  const taken = await portsInUse(plan);
  if (taken.length > 0) {
    throw new Error(
      `ports in use: ${taken.map((entry) => `${entry.port} (${entry.what})`).join(", ")}.\n` +
        "Is `npm start` or another `npm run start:cluster` running? Stop it first.",
    );
  }
  const { registryToken, shopOperatorToken } = devSecrets(plan.dataDir);
  await buildWebIfStale(say);

  say("starting etcd (3 members) and PostgreSQL …");
  const [etcd, postgres] = await Promise.all([
    startLocalEtcd({
      dir: plan.etcdDir,
      members: plan.etcdMembers,
      etcdPath: binaries.etcd.path,
      log: (line) => say(`etcd: ${line}`),
    }).then((started) => (shutdown.add(layer.databases, { label: "etcd", stop: () => started.stop() }), started)),
    startLocalPostgres({
      dir: plan.postgresDir,
      passwordFile: plan.postgresPasswordFile,
      port: plan.postgresPort,
      database: plan.shopDatabase,
      binDir: binaries.postgres.binDir,
      log: (line) => say(`PostgreSQL: ${line}`),
    }).then((started) => (shutdown.add(layer.databases, { label: "PostgreSQL", stop: () => started.stop() }), started)),
  ]);
  for (const member of etcd.members) watchExit(`etcd ${member.name}`, member.child);
  watchExit("PostgreSQL", postgres.child);
  say(`etcd: 3 members healthy, ${(await etcd.leaderName()) ?? "no member"} leads`);
  say(`PostgreSQL: accepting connections at ${postgres.displayUrl}`);

  const common = { SWITCHBOARD_DATA_DIR: plan.dataDir, REGISTRY_TOKEN: registryToken };
  say("starting 2 registries on etcd …");
  const registries = await Promise.all(
    plan.registries.map((registry) =>
      app(registry.label, "registry", layer.registries, {
        ...common,
        REGISTRY_PORT: String(registry.port),
        REGISTRY_STORE: "etcd",
        REGISTRY_ETCD_ENDPOINTS: etcd.endpoints.join(","),
      }),
    ),
  );
  say(`registries listening: ${registries.map((registry) => registry.url).join(", ")}`);

  say("starting 2 shops on PostgreSQL and the greeter …");
  const [greeter, ...shops] = await Promise.all([
    app("greeter", "greeter", layer.services, {
      ...common,
      GREETER_PORT: String(plan.greeterPort),
      SWITCHBOARD_REGISTRY_URL: registryList(plan),
    }),
    ...plan.shops.map((shop) =>
      app(shop.label, "shop", layer.services, {
        ...common,
        SHOP_PORT: String(shop.port),
        SHOP_DATABASE_URL: postgres.url,
        SHOP_OPERATOR_TOKEN: shopOperatorToken,
        SWITCHBOARD_REGISTRY_URL: registryList(plan, shop.registryOrder),
      }),
    ),
  ]);
  say("shops and greeter registered");

  say("starting the web app …");
  const web = await startWebProcess({
    port: plan.webPort,
    env: { SWITCHBOARD_REGISTRY_URL: registryList(plan) },
    onLine: (line) => console.log(`${"web".padEnd(10)} | ${line}`),
  });
  shutdown.add(layer.services, { label: "web", stop: () => stopTied(web.child, "SIGTERM") });
  watchExit("web", web.child);

  await checkWiring(plan, registries);
  printSummary(plan, { etcd, postgres, registries, greeter, shops, web });
}

/** Starts one app tied to this script, its log lines echoed with its label, and stopped with its layer. */
async function app(label: string, name: AppName, stopLayer: number, env: Record<string, string>): Promise<RunningApp> {
  const running = await startApp(
    name,
    { LOG_LEVEL: process.env.LOG_LEVEL ?? "info", ...env },
    { tied: true, maxLogLines: 200, onLog: (line) => console.log(formatLogLine(label.padEnd(10), line)) },
  );
  shutdown.add(stopLayer, { label, stop: () => stopTied(running.child, "SIGTERM") });
  watchExit(label, running.child);
  return running;
}

/** A part that dies while the rest runs is reported; the rest keeps running (that is what the replicas are for). */
function watchExit(label: string, child: ChildProcess): void {
  child.once("exit", (code, signal) => {
    if (!shutdown.isStopping) say(`${label} exited (${signal ?? `code ${code}`}); the rest keeps running`);
  });
}

/** Each registry must see every service, whichever registry it registered through: the directory is shared. */
async function checkWiring(plan: ClusterPlan, registries: RunningApp[]): Promise<void> {
  const expected = { "example.greeter": 1, "example.shop.Shop": plan.shops.length, "switchboard.registry": 2 };
  for (const registry of registries) {
    const client = createSwitchboard({ registryUrl: registry.url, watch: false });
    try {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const counts = await Promise.all(
          Object.keys(expected).map((name) =>
            client.registry.count.query({ prefix: name }).then((count) => count.instances),
          ),
        );
        if (counts.every((count, index) => count === Object.values(expected)[index])) break;
        if (Date.now() > deadline) throw new Error(`${registry.url} does not list every service: ${counts.join(", ")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      client.close();
    }
  }
  say("both registries list 1 greeter, 2 shops and 2 registries");
}

function printSummary(
  plan: ClusterPlan,
  parts: {
    etcd: LocalEtcd;
    postgres: LocalPostgres;
    registries: RunningApp[];
    greeter: RunningApp;
    shops: RunningApp[];
    web: WebProcess;
  },
): void {
  const { etcd, postgres, registries, greeter, shops, web } = parts;
  const registryNames = (order: number[]) => order.map((index) => plan.registries[index]!.label).join(" → ");
  const rows = [
    ...etcd.members.map((member) => [
      `etcd ${member.name}`,
      member.clientUrl,
      String(member.child.pid),
      `data ${relative(member.dataDir)}, log ${relative(member.logFile)}`,
    ]),
    [
      "PostgreSQL",
      postgres.displayUrl,
      String(postgres.child.pid),
      `data ${relative(plan.postgresDir)}/data, log ${relative(postgres.logFile)}`,
    ],
    ...registries.map((registry, index) => [
      plan.registries[index]!.label,
      registry.url,
      String(registry.child.pid),
      "directory in etcd, prefix /switchboard/",
    ]),
    ...shops.map((shop, index) => [
      plan.shops[index]!.label,
      shop.url,
      String(shop.child.pid),
      `example.shop.Shop on PostgreSQL; registries ${registryNames(plan.shops[index]!.registryOrder)}`,
    ]),
    ["greeter", greeter.url, String(greeter.child.pid), `example.greeter; registries ${registryNames([0, 1])}`],
    ["web app", web.url, String(web.child.pid), `registries ${registryNames([0, 1])}`],
  ];
  const registryUrls = registryList(plan);
  console.log(`\n${textTable(["process", "address", "pid", "notes"], rows)}\n`);
  console.log(`Ready in ${elapsed()}. Open ${web.url} (directory, greeter, shop).`);
  console.log(`  CLI:      SWITCHBOARD_REGISTRY_URL=${registryUrls} npx switchboard list`);
  console.log(
    `  demo:     SWITCHBOARD_DATA_DIR=${relative(plan.dataDir)} SWITCHBOARD_REGISTRY_URL=${registryUrls} npm run demo:shop`,
  );
  console.log(
    `  failover: kill -9 ${registries[0]!.child.pid} (registry-a) or ${shops[0]!.child.pid} (shop-1) — the rest carries on`,
  );
  console.log("Ctrl-C stops everything: services, then registries, then etcd and PostgreSQL. Logs follow.\n");
}
