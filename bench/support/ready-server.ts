// Bench servers are their own processes: each prints "READY <port>" once it listens.
import type { ChildProcess } from "node:child_process";

/** Waits for the child's "READY <port>" line; rejects if it exits first. */
export function readyPort(child: ChildProcess, label: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${label} exited (${code}) before it was ready: ${output}`)));
  });
}
