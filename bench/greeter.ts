// npm run bench:greeter [-- --json] [-- --seconds 2 --rounds 3]
//
// Sequential and 64-concurrent calls/s of the greeter's welcomeMessage, side by side in one run:
//   Switchboard (by name, WebSocket) · Switchboard (by name, HTTP) · stock tRPC client (httpLink + fetch, fixed URL)
//   · bare node:http keep-alive JSON round trip · Pyro4's own greeter and client · raw TCP echo (the ceiling)
// Every server is its own process, as in production. Rounds alternate the contenders so that drift of the machine
// hits them alike; the median round is reported. Then the first call of a cold client process (resolve + connect +
// call), and the ratios Switchboard aims for.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { createTRPCClient, httpLink } from "@trpc/client";
import { createSwitchboard, type GreeterRouter } from "@switchboard/api/client";
import { freshDataDir, repositoryRoot, spawnTs, startApp } from "../scripts/lib/processes.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    seconds: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    callers: { type: "string", default: "64" },
  },
});
const seconds = Number(options.seconds);
const rounds = Number(options.rounds);
const callers = Number(options.callers);
const pythonForPyro = "/usr/bin/python3";
const expected = "Hi welcome Rashmi";

interface Figure {
  callsPerSecond: number;
  microsPerCall: number;
}
type Call = () => Promise<unknown>;
interface Contender {
  key: string;
  label: string;
  call: Call;
  concurrent: boolean;
}

const say = (line: string) => {
  if (!options.json) console.log(line);
};

async function sequential(call: Call): Promise<Figure> {
  for (let warmup = 0; warmup < 300; warmup++) await call();
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    await call();
    calls++;
  }
  return figure(calls, performance.now() - started);
}

async function concurrent(call: Call): Promise<Figure> {
  await Promise.all(Array.from({ length: callers }, () => call()));
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        await call();
        calls++;
      }
    }),
  );
  return figure(calls, performance.now() - started);
}

function figure(calls: number, elapsedMs: number): Figure {
  return {
    callsPerSecond: Math.round((calls / elapsedMs) * 1000),
    microsPerCall: Math.round((elapsedMs * 1000) / calls),
  };
}

function median(figures: Figure[]): Figure {
  const sorted = [...figures].sort((a, b) => a.callsPerSecond - b.callsPerSecond);
  return sorted[Math.floor(sorted.length / 2)] as Figure;
}

/** Starts a bench server script and waits for its "READY <port>" line. */
async function startReadyServer(child: ChildProcess, label: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`${label} exited (${code}) before it was ready: ${output}`)));
  });
}

function bareHttpCaller(port: number): Call {
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify("Rashmi");
  return () =>
    new Promise((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, method: "POST", path: "/", agent, headers: { "content-type": "application/json" } },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve((JSON.parse(text) as { result: string }).result));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}

async function tcpEchoCaller(port: number): Promise<Call> {
  const socket = net.connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once("connect", resolve));
  let waiting: ((line: string) => void) | undefined;
  let buffered = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    const end = buffered.indexOf("\n");
    if (end === -1) return;
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    waiting?.(line);
  });
  const message = `${JSON.stringify({ id: 1, method: "welcomeMessage", params: "Rashmi" })}\n`;
  return () =>
    new Promise((resolve) => {
      waiting = resolve;
      socket.write(message);
    });
}

function pyroAvailable(): boolean {
  return spawnSync(pythonForPyro, ["-c", "import Pyro4"], { stdio: "ignore" }).status === 0;
}

function measurePyro(nameServerPort: number): { sequential: Figure; concurrent: Figure; version: string } {
  const script = path.join(repositoryRoot, "bench/pyro/greeter_client.py");
  const result = spawnSync(pythonForPyro, [script, String(nameServerPort), String(seconds), String(callers)], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Pyro4 client failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as {
    version: string;
    sequential: { calls: number; seconds: number };
    concurrent: { calls: number; seconds: number };
  };
  return {
    version: parsed.version,
    sequential: figure(parsed.sequential.calls, parsed.sequential.seconds * 1000),
    concurrent: figure(parsed.concurrent.calls, parsed.concurrent.seconds * 1000),
  };
}

/** Resolve + connect + first call in a fresh client process, five times; the median, in milliseconds. */
function firstCallMs(registryUrl: string): number {
  const samples = Array.from({ length: 5 }, () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(repositoryRoot, "bench/support/first-call.ts"), registryUrl, "example.greeter"],
      { encoding: "utf8", cwd: repositoryRoot },
    );
    if (run.status !== 0) throw new Error(`first-call client failed: ${run.stderr}`);
    return Number(run.stdout.trim()) / 1000;
  }).sort((a, b) => a - b);
  return Number((samples[2] as number).toFixed(2));
}

/** Resolve + connect + first call of a brand-new switchboard in this (running) process, five times; the median. */
async function freshClientFirstCallMs(registryUrl: string): Promise<number> {
  const samples: number[] = [];
  for (let sample = 0; sample < 5; sample++) {
    const started = performance.now();
    const switchboard = createSwitchboard({ registryUrl });
    const answer = await switchboard.connect<GreeterRouter>("example.greeter").welcomeMessage.query("Rashmi");
    samples.push(performance.now() - started);
    switchboard.close();
    if (answer !== expected) throw new Error(`unexpected answer: ${answer}`);
  }
  return Number((samples.sort((a, b) => a - b)[2] as number).toFixed(2));
}

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((child) => child.kill("SIGKILL"));
process.on("exit", stopAll);

const dataDir = freshDataDir();
const registry = await startApp("registry", { SWITCHBOARD_DATA_DIR: dataDir });
const greeter = await startApp("greeter", {
  SWITCHBOARD_DATA_DIR: dataDir,
  SWITCHBOARD_REGISTRY_URL: registry.url,
});
children.push(registry.child, greeter.child);
const bareHttp = spawnTs("bench/support/bare-http-server.ts", [], {});
const tcpEcho = spawnTs("bench/support/tcp-echo-server.ts", [], {});
children.push(bareHttp, tcpEcho);
const barePort = await startReadyServer(bareHttp, "bare http server");
const tcpPort = await startReadyServer(tcpEcho, "tcp echo server");

let pyroNameServerPort: number | undefined;
if (pyroAvailable()) {
  const pyroServer = spawn(pythonForPyro, [path.join(repositoryRoot, "bench/pyro/greeter_server.py")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(pyroServer);
  pyroNameServerPort = await startReadyServer(pyroServer, "Pyro4 greeter");
} else {
  say(`Pyro4 is not installed for ${pythonForPyro} (apt-get install python3-pyro4): its row is skipped.`);
}

const firstCall = firstCallMs(registry.url);
const firstCallWarmProcess = await freshClientFirstCallMs(registry.url);

const switchboardWs = createSwitchboard({ registryUrl: registry.url });
const switchboardHttp = createSwitchboard({ registryUrl: registry.url, transport: "http" });
const viaWs = switchboardWs.connect<GreeterRouter>("example.greeter");
const viaHttp = switchboardHttp.connect<GreeterRouter>("example.greeter");
const stockTrpc = createTRPCClient<GreeterRouter>({ links: [httpLink({ url: `${greeter.url}/trpc` })] });

const contenders: Contender[] = [
  {
    key: "switchboard",
    label: "Switchboard, by name (WebSocket)",
    call: () => viaWs.welcomeMessage.query("Rashmi"),
    concurrent: true,
  },
  {
    key: "switchboardHttp",
    label: "Switchboard, by name (HTTP)",
    call: () => viaHttp.welcomeMessage.query("Rashmi"),
    concurrent: true,
  },
  {
    key: "stockTrpc",
    label: "stock tRPC client, fixed URL",
    call: () => stockTrpc.welcomeMessage.query("Rashmi"),
    concurrent: true,
  },
  { key: "bareHttp", label: "bare node:http keep-alive", call: bareHttpCaller(barePort), concurrent: true },
  { key: "rawTcp", label: "raw TCP echo (ceiling)", call: await tcpEchoCaller(tcpPort), concurrent: false },
];
for (const contender of contenders.slice(0, 4)) {
  const answer = await contender.call();
  if (answer !== expected) throw new Error(`${contender.label} answered ${JSON.stringify(answer)}`);
}

const samples = new Map<string, { sequential: Figure[]; concurrent: Figure[] }>();
const record = (key: string, kind: "sequential" | "concurrent", value: Figure) => {
  const entry = samples.get(key) ?? { sequential: [], concurrent: [] };
  entry[kind].push(value);
  samples.set(key, entry);
};
let pyroVersion: string | undefined;

for (let round = 1; round <= rounds; round++) {
  say(`round ${round}/${rounds} …`);
  for (const contender of contenders) {
    record(contender.key, "sequential", await sequential(contender.call));
    if (contender.concurrent) record(contender.key, "concurrent", await concurrent(contender.call));
  }
  if (pyroNameServerPort !== undefined) {
    const pyro = measurePyro(pyroNameServerPort);
    pyroVersion = pyro.version;
    record("pyro4", "sequential", pyro.sequential);
    record("pyro4", "concurrent", pyro.concurrent);
  }
}

const labels: Record<string, string> = Object.fromEntries(contenders.map(({ key, label }) => [key, label]));
labels.pyro4 = `Pyro4 ${pyroVersion ?? ""} greeter + proxy`.replace("  ", " ");
const results = Object.fromEntries(
  [...samples].map(([key, entry]) => [
    key,
    {
      label: labels[key],
      sequential: median(entry.sequential),
      concurrent: entry.concurrent.length ? median(entry.concurrent) : null,
    },
  ]),
) as Record<string, { label: string; sequential: Figure; concurrent: Figure | null }>;

const rate = (key: string, kind: "sequential" | "concurrent" = "sequential") => results[key]?.[kind]?.callsPerSecond;
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined ? Number((a / b).toFixed(2)) : null;
const ratios = {
  switchboardVsPyro4: ratio(rate("switchboard"), rate("pyro4")),
  switchboardVsBareHttp: ratio(rate("switchboard"), rate("bareHttp")),
  switchboardHttpVsBareHttp: ratio(rate("switchboardHttp"), rate("bareHttp")),
  switchboardVsStockTrpc: ratio(rate("switchboard"), rate("stockTrpc")),
  switchboardVsRawTcp: ratio(rate("switchboard"), rate("rawTcp")),
  pyro4VsRawTcp: ratio(rate("pyro4"), rate("rawTcp")),
  concurrentSwitchboardVsPyro4: ratio(rate("switchboard", "concurrent"), rate("pyro4", "concurrent")),
  concurrentSwitchboardVsBareHttp: ratio(rate("switchboard", "concurrent"), rate("bareHttp", "concurrent")),
};

const report = {
  machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
  seconds,
  rounds,
  callers,
  firstCallMs: { coldProcess: firstCall, freshClientInRunningProcess: firstCallWarmProcess },
  results,
  ratios,
};

if (options.json) {
  console.log(JSON.stringify(report));
} else {
  const pad = (text: string, width: number) => text.padEnd(width);
  const num = (value: number | undefined) => (value === undefined ? "—" : value.toLocaleString("en-US")).padStart(9);
  console.log(
    `\ngreeter.welcomeMessage("Rashmi"), median of ${rounds} rounds of ${seconds} s, ${callers} concurrent callers\n`,
  );
  console.log(`${pad("", 38)}${"sequential".padStart(20)}${`${callers} concurrent`.padStart(22)}`);
  console.log(
    `${pad("", 38)}${"calls/s".padStart(11)}${"µs/call".padStart(9)}${"calls/s".padStart(13)}${"µs/call".padStart(9)}`,
  );
  for (const { label, sequential: seq, concurrent: con } of Object.values(results)) {
    console.log(
      `${pad(label, 38)}${num(seq.callsPerSecond)}  ${num(seq.microsPerCall)}    ${num(con?.callsPerSecond)}  ${num(con?.microsPerCall)}`,
    );
  }
  const show = (label: string, value: number | null, target?: string) =>
    console.log(
      `  ${pad(label, 50)} ${value === null ? "—" : `${value.toFixed(2)}×`}${target ? `   (target ${target})` : ""}`,
    );
  console.log("\nratios (sequential unless noted)");
  show("Switchboard / Pyro4", ratios.switchboardVsPyro4, "≥ 2×");
  show("Switchboard / bare node:http", ratios.switchboardVsBareHttp, "≥ 0.80×");
  show("Switchboard over HTTP / bare node:http", ratios.switchboardHttpVsBareHttp, "≥ 0.70×");
  show("Switchboard / stock tRPC client", ratios.switchboardVsStockTrpc);
  show("Switchboard / raw TCP echo (ceiling)", ratios.switchboardVsRawTcp);
  show("Pyro4 / raw TCP echo (ceiling)", ratios.pyro4VsRawTcp);
  show(`Switchboard / Pyro4, ${callers} concurrent`, ratios.concurrentSwitchboardVsPyro4);
  show(`Switchboard / bare node:http, ${callers} concurrent`, ratios.concurrentSwitchboardVsBareHttp);
  console.log("\nfirst call (resolve + connect + call), median of 5   (target < 5 ms)");
  console.log(`  a new switchboard in a running process: ${firstCallWarmProcess} ms`);
  console.log(`  a freshly started client process:       ${firstCall} ms`);
}

switchboardWs.close();
switchboardHttp.close();
stopAll();
process.exit(0);
