// The registry set-ups the benchmark compares, each as real processes: the default (one registry on SQLite) and
// the replicated one (two registries sharing a directory in a 3-member etcd cluster, as `npm run start:cluster`).
import { startEtcdCluster } from "../../scripts/lib/etcd-cluster.ts";
import { freshDataDir, startApp, type RunningApp } from "../../scripts/lib/processes.ts";
import { pidByCommandLine, type MeasuredProcess } from "./proc-cpu.ts";

export type StoreName = "sqlite" | "etcd";

export interface RegistrySetup {
  store: StoreName;
  /** What the summary calls it. */
  title: string;
  registryUrls: string[];
  /** Every server process of the set-up (registries, etcd members), for CPU figures. */
  processes: MeasuredProcess[];
  stop(): Promise<void>;
}

export const benchToken = "bench-registry-token-0123456789";

export async function startRegistrySetup(store: StoreName): Promise<RegistrySetup> {
  const dataDir = freshDataDir();
  const common = { SWITCHBOARD_DATA_DIR: dataDir, REGISTRY_TOKEN: benchToken };
  if (store === "sqlite") {
    const registry = await startApp("registry", common);
    return {
      store,
      title: "SQLite, 1 registry",
      registryUrls: [registry.url],
      processes: [{ label: "registry", pid: registry.child.pid! }],
      stop: () => registry.stop("SIGKILL").then(() => undefined),
    };
  }
  // etcd's own default timings (100 ms heartbeat, 1 s election), as a deployment would run, not the tests' quick ones.
  const cluster = await startEtcdCluster({ heartbeatMs: 100, electionMs: 1_000 });
  const env = { ...common, REGISTRY_STORE: "etcd", REGISTRY_ETCD_ENDPOINTS: cluster.endpoints.join(",") };
  const registries: RunningApp[] = await Promise.all([startApp("registry", env), startApp("registry", env)]);
  const leader = await cluster.leaderIndex();
  return {
    store,
    title: "etcd, 2 registries",
    registryUrls: registries.map((registry) => registry.url),
    processes: [
      ...registries.map((registry, index) => ({ label: `registry ${"ab"[index]}`, pid: registry.child.pid! })),
      ...cluster.members.map((member) => ({
        label: `etcd ${member.name}${cluster.members.indexOf(member) === leader ? " (leader)" : ""}`,
        pid: pidByCommandLine(`--data-dir ${cluster.dataDir}/${member.name}/data`),
      })),
    ],
    async stop() {
      await Promise.all(registries.map((registry) => registry.stop("SIGKILL")));
      await cluster.stop();
    },
  };
}
