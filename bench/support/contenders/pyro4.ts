import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { repositoryRoot } from "../../../scripts/lib/processes.ts";
import { figure, medianMs } from "../call-rates.ts";
import { readyPort } from "../ready-server.ts";
import type { Contender } from "./contender.ts";

const pythonForPyro = "/usr/bin/python3";
const script = (name: string) => path.join(repositoryRoot, "bench/pyro", name);

interface PyroRound {
  version: string;
  sequential: { calls: number; seconds: number };
  concurrent?: { calls: number; seconds: number };
}

/** Runs a Pyro script to completion and parses the one JSON line it prints. */
function runPython<T>(name: string, args: Array<string | number>): T {
  const run = spawnSync(pythonForPyro, [script(name), ...args.map(String)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`Pyro4 ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * The original greeter example under Pyro4 with its own name server (bench/pyro/greeter_server.py), called by
 * Pyro's own Proxy("PYRONAME:…") from a Python client process (bench/pyro/greeter_client.py), one thread and one
 * proxy per caller. Its client is Python, so it runs in a process of its own and reports each round's figures.
 */
export const pyro4: Contender = {
  key: "pyro4",
  label: "Pyro4 greeter + proxy",
  unavailable: () =>
    spawnSync(pythonForPyro, ["-c", "import Pyro4"], { stdio: "ignore" }).status === 0
      ? undefined
      : `Pyro4 is not installed for ${pythonForPyro} (apt-get install python3-pyro4)`,
  async start({ seconds, callers, own }) {
    const server = own(spawn(pythonForPyro, [script("greeter_server.py")], { stdio: ["ignore", "pipe", "pipe"] }));
    const nameServerPort = await readyPort(server, "Pyro4 greeter");
    const { version } = runPython<{ version: string }>("first_call.py", [nameServerPort, 1]);
    return {
      label: `Pyro4 ${version} greeter + proxy`,
      measureRound: () => {
        const round = runPython<PyroRound>("greeter_client.py", [nameServerPort, seconds, callers]);
        const { sequential, concurrent } = round;
        return Promise.resolve({
          sequential: figure(sequential.calls, sequential.seconds * 1000),
          concurrent: concurrent ? figure(concurrent.calls, concurrent.seconds * 1000) : null,
        });
      },
      // Five client processes of six new proxies each: a fresh process's first call is its first sample; a running
      // process's is every later one.
      firstCall: () => {
        const runs = Array.from({ length: 5 }, () =>
          runPython<{ samplesMs: number[] }>("first_call.py", [nameServerPort, 6]),
        );
        return Promise.resolve({
          runningProcessMs: medianMs(runs.flatMap(({ samplesMs }) => samplesMs.slice(1))),
          freshProcessMs: medianMs(runs.map(({ samplesMs }) => samplesMs[0] as number)),
        });
      },
      close: () => void server.kill("SIGKILL"),
    };
  },
};
