// Pyro4's own name server holding as many names, timed with Pyro's own proxy (bench/pyro/ns_lookup.py): the
// reference the registry's lookup latency is read against. Skipped when Pyro4 is not installed.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { repositoryRoot } from "../../scripts/lib/processes.ts";
import { sleep } from "./stats.ts";

const pythonForPyro = "/usr/bin/python3";

export interface PyroLookupFigures {
  version: string;
  p50Us: number;
  p99Us: number;
}

/** The figures, or a sentence saying why there are none. */
export async function measurePyroLookups(registrations: number, lookups: number): Promise<PyroLookupFigures | string> {
  if (spawnSync(pythonForPyro, ["-c", "import Pyro4"], { stdio: "ignore" }).status !== 0) {
    return `Pyro4 is not installed for ${pythonForPyro} (apt-get install python3-pyro4): its figures are skipped`;
  }
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const nameServer = spawn(pythonForPyro, ["-m", "Pyro4.naming", "-n", "127.0.0.1", "-p", String(port)], {
    stdio: "ignore",
  });
  try {
    await sleep(1_500);
    const run = spawnSync(
      pythonForPyro,
      [path.join(repositoryRoot, "bench/pyro/ns_lookup.py"), String(port), String(registrations), String(lookups)],
      { encoding: "utf8" },
    );
    if (run.status !== 0) return `Pyro4 name server run failed: ${run.stderr}`;
    const parsed = JSON.parse(run.stdout) as PyroLookupFigures;
    return { version: parsed.version, p50Us: Math.round(parsed.p50Us), p99Us: Math.round(parsed.p99Us) };
  } finally {
    nameServer.kill("SIGKILL");
  }
}
