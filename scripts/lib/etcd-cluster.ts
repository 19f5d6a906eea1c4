import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, freshDataDir } from "./processes.ts";

/**
 * A real 3-member etcd cluster on free loopback ports, its data under one temporary folder: for the registry's etcd
 * store tests, and for a person who wants one (`npx tsx scripts/lib/etcd-cluster.ts`, Ctrl-C stops it).
 */
export interface EtcdCluster {
  /** Client URLs, one per member: what REGISTRY_ETCD_ENDPOINTS takes (joined with commas). */
  readonly endpoints: string[];
  readonly members: EtcdMember[];
  readonly dataDir: string;
  /** The index of the member that leads right now (asks the members). */
  leaderIndex(): Promise<number>;
  /** Waits until a quorum answers and one member leads. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** SIGKILLs every member and deletes the data folder. */
  stop(): Promise<void>;
}

export interface EtcdMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly running: boolean;
  /** SIGKILL: no shutdown, as a crashed machine. */
  kill(): Promise<void>;
  /** Starts the member again on its data folder (it rejoins the cluster). */
  restart(): Promise<void>;
}

export interface EtcdClusterOptions {
  /** Raft heartbeat and election timeout. The defaults (50 / 500 ms) make failover quick and let etcd grant
   * 1-second leases: etcd's minimum lease TTL is 1.5 election timeouts, rounded up to whole seconds. */
  heartbeatMs?: number;
  electionMs?: number;
  /** Progress lines for a person waiting (the command prints them; tests stay quiet). */
  log?: (line: string) => void;
}

/** Starts the cluster and waits until it is healthy (~3 s on loopback). */
export async function startEtcdCluster(options: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const log = options.log ?? (() => undefined);
  const dataDir = freshDataDir();
  const token = `switchboard-${randomBytes(4).toString("hex")}`;
  const names = ["n1", "n2", "n3"];
  const ports: number[] = [];
  for (let index = 0; index < names.length * 2; index++) ports.push(await freePort());
  const peerUrls = names.map((_, index) => `http://127.0.0.1:${ports[index * 2]}`);
  const clientUrls = names.map((_, index) => `http://127.0.0.1:${ports[index * 2 + 1]}`);
  const initialCluster = names.map((name, index) => `${name}=${peerUrls[index]}`).join(",");
  log(`etcd: 3 members, data under ${dataDir}`);

  const members = names.map((name, index) => {
    const memberDir = path.join(dataDir, name);
    mkdirSync(memberDir, { recursive: true });
    const args = [
      ...["--name", name, "--data-dir", path.join(memberDir, "data")],
      ...["--listen-client-urls", clientUrls[index]!, "--advertise-client-urls", clientUrls[index]!],
      ...["--listen-peer-urls", peerUrls[index]!, "--initial-advertise-peer-urls", peerUrls[index]!],
      ...["--initial-cluster", initialCluster, "--initial-cluster-state", "new", "--initial-cluster-token", token],
      ...["--heartbeat-interval", String(options.heartbeatMs ?? 50)],
      ...["--election-timeout", String(options.electionMs ?? 500)],
      ...["--logger", "zap", "--log-level", "warn"],
    ];
    return new Member(name, clientUrls[index]!, args, path.join(memberDir, "etcd.log"));
  });
  for (const member of members) member.start();
  log(`etcd: started ${members.map((member) => `${member.name} ${member.clientUrl}`).join(", ")}`);

  const cluster: EtcdCluster = {
    endpoints: clientUrls,
    members,
    dataDir,
    async leaderIndex() {
      for (const member of members.filter((candidate) => candidate.running)) {
        const status = await memberStatus(member.clientUrl).catch(() => undefined);
        if (!status || status.leader === "0") continue;
        for (const [index, other] of members.entries()) {
          if (!other.running) continue;
          const own = await memberStatus(other.clientUrl).catch(() => undefined);
          if (own?.memberId === status.leader) return index;
        }
      }
      throw new Error("no etcd member leads right now");
    },
    async waitHealthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const healthy = await Promise.all(
          members.filter((member) => member.running).map((member) => memberHealthy(member.clientUrl)),
        );
        if (healthy.filter(Boolean).length >= 2) return;
        if (Date.now() > deadline) {
          throw new Error(`etcd cluster not healthy after ${timeoutMs} ms (logs under ${dataDir})`);
        }
        await sleep(100);
      }
    },
    async stop() {
      await Promise.all(members.map((member) => member.kill()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.waitHealthy();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  log(`etcd: healthy, leader ${members[await cluster.leaderIndex()]!.name}`);
  return cluster;
}

class Member implements EtcdMember {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly clientUrl: string,
    private readonly args: string[],
    private readonly logFile: string,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const child = spawn("etcd", this.args, { stdio: ["ignore", "pipe", "pipe"] });
    const logStream = createWriteStream(this.logFile, { flags: "a" });
    child.stdout.pipe(logStream);
    child.stderr.pipe(logStream);
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    // A test runner that dies must not leave etcd members behind on the machine.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    void this.exited.then(() => process.off("exit", killOnExit));
    this.child = child;
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    this.start();
    const deadline = Date.now() + 15_000;
    while (!(await memberHealthy(this.clientUrl))) {
      if (Date.now() > deadline) throw new Error(`etcd member ${this.name} did not come back (see ${this.logFile})`);
      await sleep(100);
    }
  }
}

/** etcd's own health check: true when the member sees a leader and can serve a linearizable read. */
async function memberHealthy(clientUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { health?: string };
    return body.health === "true";
  } catch {
    return false;
  }
}

/** A member's id and the id of the leader it follows, through etcd's JSON gateway (uint64s arrive as strings). */
async function memberStatus(clientUrl: string): Promise<{ memberId: string; leader: string }> {
  const response = await fetch(`${clientUrl}/v3/maintenance/status`, {
    method: "POST",
    body: "{}",
    signal: AbortSignal.timeout(1_000),
  });
  const body = (await response.json()) as { header?: { member_id?: string }; leader?: string };
  return { memberId: body.header?.member_id ?? "", leader: body.leader ?? "0" };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// As a command: start a cluster, print what to set, stop it on Ctrl-C.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const cluster = await startEtcdCluster({ log: (line) => console.log(line) });
  console.log(`etcd: ready in ${((Date.now() - started) / 1000).toFixed(1)} s. For the registry:`);
  console.log(`  REGISTRY_STORE=etcd REGISTRY_ETCD_ENDPOINTS=${cluster.endpoints.join(",")}`);
  console.log("Ctrl-C stops the cluster and deletes its data.");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      console.log("etcd: stopping");
      void cluster.stop().then(() => process.exit(0));
    });
  }
}
