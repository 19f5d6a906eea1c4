// What bench:greeter (and the test of its contenders) gives every contender: the registry and the greeter app as
// `npm start` starts them, and a way to start servers that are killed with the run.
import type { ChildProcess } from "node:child_process";
import { freshDataDir, spawnTs, startApp } from "../../scripts/lib/processes.ts";
import type { BenchContext } from "./contenders/contender.ts";
import { readyPort } from "./ready-server.ts";

export interface RunningBench {
  context: BenchContext;
  /** Kills every process of the run (SIGKILL: nothing of a benchmark needs a clean shutdown). */
  stopAll: () => void;
}

export async function startBench(options: { seconds: number; callers: number }): Promise<RunningBench> {
  const children: ChildProcess[] = [];
  const own = <T extends ChildProcess>(child: T): T => (children.push(child), child);
  const stopAll = () => children.forEach((child) => child.kill("SIGKILL"));
  const dataDir = freshDataDir();
  const registry = await startApp("registry", { SWITCHBOARD_DATA_DIR: dataDir });
  own(registry.child);
  const greeter = await startApp("greeter", {
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_REGISTRY_URL: registry.url,
  }).catch((error: unknown) => {
    stopAll();
    throw error;
  });
  own(greeter.child);
  return {
    context: {
      registryUrl: registry.url,
      greeterUrl: greeter.url,
      ...options,
      own,
      startServer: (entry, args = []) => readyPort(own(spawnTs(entry, args, {})), entry),
    },
    stopAll,
  };
}
