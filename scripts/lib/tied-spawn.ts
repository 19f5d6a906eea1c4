// Child processes that cannot outlive the script that started them. `npm run start:cluster` runs a dozen processes
// (etcd members, PostgreSQL, registries, shops, …); Ctrl-C must stop them in order (services deregister before the
// registries go, registries before etcd), and a supervisor that is itself killed must not leave them running.
//
// - Each child gets its own process group (`detached`), so a terminal's Ctrl-C reaches only the supervisor, which
//   then stops the children one layer at a time, and a signal to the group also reaches grandchildren (npm → next).
// - Each child is started through util-linux's `setpriv --pdeathsig`, so the kernel signals it the moment the
//   supervisor dies, however it dies (even SIGKILL). setpriv also switches user (PostgreSQL refuses to run as root)
//   and then execs, so the child keeps setpriv's pid. Without setpriv (not Linux) children are still stopped on a
//   normal exit.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface TiedSpawnOptions extends Omit<SpawnOptions, "detached"> {
  /** The signal the child gets when this process dies: the one that makes it shut down cleanly. */
  deathSignal?: NodeJS.Signals;
  /** Run as this user (its uid, gid and groups), e.g. `postgres`; only possible when this process is root. */
  user?: string;
}

let setprivAvailable: boolean | undefined;
/** Tied children still running, and whether the exit handler that kills them is installed. */
const running = new Set<ChildProcess>();
let exitHandlerInstalled = false;

/** Whether `setpriv --pdeathsig` works here (checked once). */
function hasSetpriv(): boolean {
  setprivAvailable ??= spawnSync("setpriv", ["--pdeathsig", "TERM", "--", "true"], { stdio: "ignore" }).status === 0;
  return setprivAvailable;
}

/** Spawns `command` in its own process group, signalled with `deathSignal` when this process dies. */
export function spawnTied(command: string, args: string[], options: TiedSpawnOptions = {}): ChildProcess {
  const { deathSignal = "SIGTERM", user, ...spawnOptions } = options;
  let child: ChildProcess;
  if (hasSetpriv()) {
    const switchUser = user ? [`--reuid=${user}`, `--regid=${user}`, "--init-groups"] : [];
    const signalName = deathSignal.replace(/^SIG/, "");
    child = spawn("setpriv", [...switchUser, "--pdeathsig", signalName, "--", command, ...args], {
      ...spawnOptions,
      detached: true,
    });
  } else {
    if (user) throw new Error(`cannot run ${command} as ${user}: setpriv (util-linux) is not installed`);
    child = spawn(command, args, { ...spawnOptions, detached: true });
  }
  // The fallback for a normal exit, and belt and braces with setpriv: one exit handler for all of them.
  if (!exitHandlerInstalled) {
    process.once("exit", () => running.forEach((each) => signalGroup(each, "SIGKILL")));
    exitHandlerInstalled = true;
  }
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** Whether the child is still running. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Sends `signal` to the child's whole process group and waits for the child to exit; after `graceMs` the group gets
 * SIGKILL. Resolves at once for a child that already exited.
 */
export async function stopTied(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !isRunning(child)) return;
  try {
    process.kill(-child.pid, signal); // the group: the child and whatever it started
  } catch {
    child.kill(signal); // the group is gone already; the child itself may not be
  }
}
