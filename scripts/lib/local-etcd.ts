// A 3-member etcd cluster on loopback that keeps its data: `npm run start:cluster` starts it on fixed ports with each
// member's data under <data dir>/etcd/<name>, and a second start reuses that data (etcd then ignores the
// --initial-cluster flags and rejoins as before). Unlike scripts/lib/etcd-cluster.ts (throwaway clusters on free
// ports for tests), members run with etcd's default timings, stop cleanly (SIGTERM) and cannot outlive the script.
import { type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { etcdLeaderUrl, etcdMemberHealthy } from "./etcd-probe.ts";
import { tailOf } from "./file-tail.ts";
import { isRunning, spawnTied, stopTied } from "./tied-spawn.ts";

export interface EtcdMemberPlan {
  name: string;
  clientPort: number;
  peerPort: number;
}

export interface LocalEtcdOptions {
  /** Parent folder of the members' data folders and logs. */
  dir: string;
  members: EtcdMemberPlan[];
  etcdPath?: string;
  log?: (line: string) => void;
}

export interface LocalEtcdMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly child: ChildProcess;
}

export interface LocalEtcd {
  /** Client URLs: what REGISTRY_ETCD_ENDPOINTS takes, comma-separated. */
  readonly endpoints: string[];
  readonly members: LocalEtcdMember[];
  /** True when the members had no data yet and formed a new cluster. */
  readonly formedNewCluster: boolean;
  /** The member that leads right now, if one does. */
  leaderName(): Promise<string | undefined>;
  /** SIGTERM to each member in turn (etcd shuts down cleanly), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const host = "127.0.0.1";

/** Starts the members and resolves once every one of them is healthy (a leader elected, reads served). */
export async function startLocalEtcd(options: LocalEtcdOptions): Promise<LocalEtcd> {
  const log = options.log ?? (() => undefined);
  const urlOf = (port: number) => `http://${host}:${port}`;
  const initialCluster = options.members.map((member) => `${member.name}=${urlOf(member.peerPort)}`).join(",");
  const formedNewCluster = !options.members.some((member) => existsSync(path.join(options.dir, member.name, "member")));
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });

  const members = options.members.map((plan): LocalEtcdMember => {
    const dataDir = path.join(options.dir, plan.name);
    const logFile = path.join(options.dir, `${plan.name}.log`);
    const clientUrl = urlOf(plan.clientPort);
    const peerUrl = urlOf(plan.peerPort);
    const args = [
      ...["--name", plan.name, "--data-dir", dataDir],
      ...["--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl],
      ...["--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl],
      ...["--initial-cluster", initialCluster, "--initial-cluster-state", "new"],
      ...["--initial-cluster-token", "switchboard-local"],
      // Old revisions are kept for an hour (a watcher resuming from an older one gets `reset`), so the database does
      // not grow with every registration forever.
      ...["--auto-compaction-mode", "periodic", "--auto-compaction-retention", "1h"],
      ...["--logger", "zap", "--log-level", "info"],
    ];
    // The log goes straight to a file (not through this process), so a member never blocks on a full pipe.
    const logFd = openSync(logFile, "a");
    const child = spawnTied(options.etcdPath ?? "etcd", args, { stdio: ["ignore", logFd, logFd] });
    closeSync(logFd);
    return { name: plan.name, clientUrl, dataDir, logFile, child };
  });
  log(
    `${formedNewCluster ? "forming a new cluster" : "restarting on its data"}: ` +
      members.map((member) => `${member.name} ${member.clientUrl}`).join(", "),
  );

  const etcd: LocalEtcd = {
    endpoints: members.map((member) => member.clientUrl),
    members,
    formedNewCluster,
    async leaderName() {
      const leaderUrl = await etcdLeaderUrl(members.filter((m) => isRunning(m.child)).map((m) => m.clientUrl));
      return members.find((member) => member.clientUrl === leaderUrl)?.name;
    },
    async stop() {
      // One at a time, the leader first: a leader stopped while the others run hands leadership over at once; stopped
      // together with them it waits 7 s for a transfer that cannot happen.
      for (;;) {
        const running = members.filter((member) => isRunning(member.child));
        if (running.length === 0) return;
        const leader = running.length > 1 ? await etcd.leaderName().catch(() => undefined) : undefined;
        await stopTied((running.find((member) => member.name === leader) ?? running[0]!).child, "SIGTERM");
      }
    },
  };
  try {
    await waitAllHealthy(members, 30_000);
  } catch (error) {
    await etcd.stop();
    throw error;
  }
  return etcd;
}

async function waitAllHealthy(members: LocalEtcdMember[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exited = members.find((member) => !isRunning(member.child));
    if (exited) throw new Error(`etcd member ${exited.name} exited at start-up:\n${tailOf(exited.logFile)}`);
    const healthy = await Promise.all(members.map((member) => etcdMemberHealthy(member.clientUrl)));
    if (healthy.every(Boolean)) return;
    if (Date.now() > deadline) {
      const sick = members.filter((_, index) => !healthy[index]).map((member) => member.logFile);
      throw new Error(`etcd not healthy after ${timeoutMs / 1000} s; see ${sick.join(", ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
