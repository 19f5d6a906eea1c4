// npm run bench:cpu [-- --calls 20000]
//
// Where the microseconds of a call go: CPU time per call of the client (this process, process.cpuUsage) and of the
// server (its /proc/<pid>/stat), sequential and with 64 calls in flight, for the raw TCP and WebSocket echoes and for
// Switchboard by name over TCP and over WebSocket — the greeter's welcomeMessage, every server its own process.
// CPU per call, unlike calls/s, hardly moves when the machine is busy with other work: it says what each layer costs
// even where wall-clock figures cannot be trusted, and the difference to the raw echo is the floor that the
// framework (tRPC's procedure call, JSON, promises) puts above the socket.
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { freshDataDir, spawnTs, startApp } from "../scripts/lib/processes.ts";
import { rawTcpEcho } from "./support/contenders/raw-tcp-echo.ts";
import { rawWsEcho } from "./support/contenders/raw-ws-echo.ts";
import { switchboardTcp } from "./support/contenders/switchboard-tcp.ts";
import { switchboardWebSocket } from "./support/contenders/switchboard-websocket.ts";
import type { BenchContext, InProcessClient } from "./support/contenders/contender.ts";
import { cpuSecondsOf } from "./support/proc-cpu.ts";
import { readyPort } from "./support/ready-server.ts";
import { thousands } from "./support/stats.ts";

const { values: options } = parseArgs({ options: { calls: { type: "string", default: "20000" } } });
const calls = Number(options.calls);
const inFlight = 64;

const children: ChildProcess[] = [];
const dataDir = freshDataDir();
const registry = await startApp("registry", { SWITCHBOARD_DATA_DIR: dataDir });
const greeter = await startApp("greeter", { SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_REGISTRY_URL: registry.url });
children.push(registry.child, greeter.child);
// The process serving the contender being measured: the greeter app, or the echo server a contender started.
let serverPid: number;
const context: BenchContext = {
  registryUrl: registry.url,
  greeterUrl: greeter.url,
  seconds: 1,
  callers: inFlight,
  own: (child) => (children.push(child), child),
  startServer(entry, args = []) {
    const child = spawnTs(entry, args, {});
    children.push(child);
    serverPid = child.pid!;
    return readyPort(child, entry);
  },
};

interface Row {
  label: string;
  mode: string;
  callsPerSecond: number;
  clientUs: number;
  serverUs: number;
}
const rows: Row[] = [];
for (const contender of [rawTcpEcho, rawWsEcho, switchboardTcp, switchboardWebSocket]) {
  serverPid = greeter.child.pid!;
  const running = (await contender.start(context)) as InProcessClient & { close(): unknown };
  for (let warmup = 0; warmup < 3_000; warmup++) await running.call();
  for (const mode of ["sequential", `${inFlight} in flight`]) {
    console.error(`${contender.label}, ${mode} …`);
    const total = mode === "sequential" ? calls : calls * 3;
    const clientBefore = process.cpuUsage();
    const serverBefore = cpuSecondsOf(serverPid);
    const started = performance.now();
    if (mode === "sequential") for (let call = 0; call < total; call++) await running.call();
    else {
      let left = total;
      const caller = async () => {
        while (left-- > 0) await running.call();
      };
      await Promise.all(Array.from({ length: inFlight }, caller));
    }
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(clientBefore);
    rows.push({
      label: contender.label,
      mode,
      callsPerSecond: Math.round(total / seconds),
      clientUs: (client.user + client.system) / total,
      serverUs: ((cpuSecondsOf(serverPid) - serverBefore) * 1e6) / total,
    });
  }
  await running.close();
}
for (const child of children) child.kill("SIGKILL");

console.log(`\nCPU per call (µs), ${thousands(calls)} sequential calls and ${thousands(calls * 3)} with ${inFlight} in flight`);
console.log(`${"".padEnd(36)} ${"mode".padEnd(14)} ${"calls/s".padStart(9)} ${"client".padStart(8)} ${"server".padStart(8)}`);
for (const row of rows) {
  const cells = [row.clientUs, row.serverUs].map((us) => us.toFixed(1).padStart(8)).join(" ");
  console.log(`${row.label.padEnd(36)} ${row.mode.padEnd(14)} ${thousands(row.callsPerSecond).padStart(9)} ${cells}`);
}
process.exit(0);
