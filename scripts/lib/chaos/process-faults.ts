// Process faults: a freeze (SIGSTOP, then SIGCONT after `ms`), as a process behind a partition that drops packets,
// or one swapped out, looks to everyone else; SIGKILL is RunningApp.stop("SIGKILL").
import type { ChildProcess } from "node:child_process";
import { sleep } from "./call-load.ts";

/** Freezes the process for `ms`, then lets it run again. */
export async function freeze(child: ChildProcess, ms: number): Promise<void> {
  child.kill("SIGSTOP");
  try {
    await sleep(ms);
  } finally {
    child.kill("SIGCONT");
  }
}
