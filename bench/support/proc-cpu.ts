// CPU time of processes from /proc/<pid>/stat (Linux), to say what a load cost each registry and each etcd member.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second as the kernel reports /proc times (USER_HZ: 100 on every Linux in practice). */
const ticksPerSecond = 100;

/** CPU seconds (user + system) the process has used so far. */
export function cpuSecondsOf(pid: number): number {
  // The command name (field 2) may contain spaces and parentheses: split after its closing one.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The pid of the one process whose command line contains `fragment` (e.g. an etcd member's data folder). */
export function pidByCommandLine(fragment: string): number {
  const matches = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").includes(fragment);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    });
  if (matches.length !== 1) throw new Error(`expected one process with "${fragment}", found ${matches.length}`);
  return Number(matches[0]);
}

export interface MeasuredProcess {
  label: string;
  pid: number;
}

/** Starts measuring; the returned function gives each process's CPU over the window, in % of one core. */
export function startCpuWindow(processes: MeasuredProcess[]): () => Array<{ label: string; percent: number }> {
  const started = performance.now();
  const before = processes.map((process) => cpuSecondsOf(process.pid));
  return () => {
    const seconds = (performance.now() - started) / 1000;
    return processes.map((process, index) => ({
      label: process.label,
      percent: Math.round(((cpuSecondsOf(process.pid) - before[index]!) / seconds) * 1000) / 10,
    }));
  };
}
