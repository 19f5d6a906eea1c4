// What `npm run start:cluster` runs, where: fixed loopback ports (so a restart finds etcd's members where their data
// says they are, and a person can type the addresses) and folders under the data directory.
import net from "node:net";
import path from "node:path";
import type { EtcdMemberPlan } from "./local-etcd.ts";

export interface ClusterPlan {
  dataDir: string;
  etcdDir: string;
  etcdMembers: EtcdMemberPlan[];
  postgresDir: string;
  postgresPasswordFile: string;
  postgresPort: number;
  shopDatabase: string;
  registries: Array<{ label: string; port: number }>;
  /**
   * Each shop lists the registries in its own order: a client sends everything to the first registry of its list
   * until that one fails, so different orders spread the load (on several machines: the nearest registry first).
   */
  shops: Array<{ label: string; port: number; registryOrder: number[] }>;
  greeterPort: number;
  webPort: number;
}

export function clusterPlan(dataDir: string): ClusterPlan {
  return {
    dataDir,
    etcdDir: path.join(dataDir, "etcd"),
    // etcd's own convention for a local multi-member cluster: 2379/2380, 22379/22380, 32379/32380.
    etcdMembers: [
      { name: "n1", clientPort: 2379, peerPort: 2380 },
      { name: "n2", clientPort: 22379, peerPort: 22380 },
      { name: "n3", clientPort: 32379, peerPort: 32380 },
    ],
    postgresDir: path.join(dataDir, "postgres"),
    postgresPasswordFile: path.join(dataDir, "postgres-password"),
    // Not 5432, which a PostgreSQL installed as a system service may hold.
    postgresPort: 55432,
    shopDatabase: "shop",
    registries: [
      { label: "registry-a", port: 4000 },
      { label: "registry-b", port: 4010 },
    ],
    shops: [
      { label: "shop-1", port: 4002, registryOrder: [0, 1] },
      { label: "shop-2", port: 4012, registryOrder: [1, 0] },
    ],
    greeterPort: 4001,
    webPort: 3000,
  };
}

/** Every port of the plan, with what it is for. */
export function portsOf(plan: ClusterPlan): Array<{ port: number; what: string }> {
  return [
    ...plan.etcdMembers.flatMap((member) => [
      { port: member.clientPort, what: `etcd ${member.name} (clients)` },
      { port: member.peerPort, what: `etcd ${member.name} (peers)` },
    ]),
    { port: plan.postgresPort, what: "PostgreSQL" },
    ...plan.registries.map((registry) => ({ port: registry.port, what: registry.label })),
    ...plan.shops.map((shop) => ({ port: shop.port, what: shop.label })),
    { port: plan.greeterPort, what: "greeter" },
    { port: plan.webPort, what: "web app" },
  ];
}

/** The plan's ports that something on 127.0.0.1 already holds. */
export async function portsInUse(plan: ClusterPlan): Promise<Array<{ port: number; what: string }>> {
  const taken = await Promise.all(portsOf(plan).map(async (entry) => ((await isFree(entry.port)) ? [] : [entry])));
  return taken.flat();
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `http://127.0.0.1:4000,http://127.0.0.1:4010` in the order given. */
export function registryList(plan: ClusterPlan, order: number[] = plan.registries.map((_, index) => index)): string {
  return order.map((index) => `http://127.0.0.1:${plan.registries[index]!.port}`).join(",");
}
