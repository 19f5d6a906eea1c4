import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createSwitchboard, type Switchboard, type SwitchboardOptions } from "@switchboard/api/client";
import { spawnTied } from "./tied-spawn.ts";

export const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export type AppName = "registry" | "greeter" | "shop";

export interface RunningApp {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON log line the app printed so far. */
  readonly logs: Array<Record<string, unknown>>;
  /** Resolves with the first log line whose `msg` is `message`. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends `signal` (default SIGTERM: a clean shutdown) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A TCP port nothing listens on right now, for programs that need one named up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** A fresh, empty data directory: what `SWITCHBOARD_DATA_DIR` pointing at an empty folder gives a user. */
export function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "switchboard-test-"));
}

export interface SpawnTsOptions {
  /** Tie the process to this one (own process group, killed when this process dies): see tied-spawn.ts. */
  tied?: boolean;
  /** Extra flags for node itself, such as `--cpu-prof` (which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

/** Runs a TypeScript entry point of the repository with tsx, as `npm start` does. */
export function spawnTs(
  entry: string,
  args: string[],
  env: Record<string, string>,
  options: SpawnTsOptions = {},
): ChildProcess {
  const spawnOptions = {
    cwd: repositoryRoot,
    env: { ...process.env, LOG_FORMAT: "json", LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"] as Array<"pipe">,
  };
  const nodeArgs = [...(options.nodeArgs ?? []), "--import", "tsx", path.join(repositoryRoot, entry), ...args];
  return options.tied
    ? spawnTied(process.execPath, nodeArgs, spawnOptions)
    : spawn(process.execPath, nodeArgs, spawnOptions);
}

export interface StartAppOptions extends SpawnTsOptions {
  /** Sees every JSON log line as it arrives (start:cluster echoes them for a person). */
  onLog?: (line: Record<string, unknown>) => void;
  /** Keep only the last this many lines in `logs` (a long-running process; default: all, as tests read them). */
  maxLogLines?: number;
}

/** Starts one app as its own process on a free port and waits until it listens (and, for services, registered). */
export async function startApp(
  app: AppName,
  env: Record<string, string>,
  options: StartAppOptions = {},
): Promise<RunningApp> {
  const portVariable = `${app.toUpperCase()}_PORT`;
  const child = spawnTs(`apps/${app}/src/main.ts`, [], { [portVariable]: "0", ...env }, options);
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{ message: string; resolve: (line: Record<string, unknown>) => void }> = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on("line", (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    logs.push(line);
    if (options.maxLogLines !== undefined && logs.length > options.maxLogLines) logs.shift();
    options.onLog?.(line);
    for (const waiter of waiters.filter((candidate) => candidate.message === line.msg)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  function waitForLog(message: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    const seen = logs.find((line) => line.msg === message);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${app} did not log "${message}" within ${timeoutMs} ms\n${stderr}`)),
        timeoutMs,
      );
      waiters.push({ message, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void exited.then((code) => reject(new Error(`${app} exited (${code}) before logging "${message}"\n${stderr}`)));
    });
  }

  const listening = await waitForLog("listening");
  if (app !== "registry") await waitForLog("registered");
  return {
    url: String(listening.url),
    child,
    logs,
    waitForLog,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

export interface RunningSystem {
  dataDir: string;
  /** The registry's bearer token, which every service of the system was given. */
  registryToken: string;
  /** The shop's operator token (SHOP_OPERATOR_TOKEN in `env`). */
  shopOperatorToken: string;
  registry: RunningApp;
  registryUrl: string;
  /** Environment that points a process (service, demo, client) at this system. */
  env: Record<string, string>;
  start(app: "greeter" | "shop", extraEnv?: Record<string, string>): Promise<RunningApp>;
  /** A client of this system holding its registry token (it may write); `stopAll` closes it. */
  switchboard(options?: Omit<SwitchboardOptions, "registryUrl" | "registryToken">): Switchboard;
  stopAll(): Promise<void>;
}

/** A whole Switchboard on free ports and a fresh data directory: a registry, then whatever services a test starts. */
export async function startSystem(extraEnv: Record<string, string> = {}): Promise<RunningSystem> {
  const dataDir = freshDataDir();
  const registryToken = randomBytes(24).toString("base64url");
  const shopOperatorToken = randomBytes(24).toString("base64url");
  const registry = await startApp("registry", {
    SWITCHBOARD_DATA_DIR: dataDir,
    REGISTRY_TOKEN: registryToken,
    ...extraEnv,
  });
  const env = {
    SWITCHBOARD_DATA_DIR: dataDir,
    SWITCHBOARD_REGISTRY_URL: registry.url,
    REGISTRY_TOKEN: registryToken,
    SHOP_OPERATOR_TOKEN: shopOperatorToken,
    ...extraEnv,
  };
  const apps: RunningApp[] = [registry];
  const switchboards: Switchboard[] = [];
  return {
    dataDir,
    registryToken,
    shopOperatorToken,
    registry,
    registryUrl: registry.url,
    env,
    async start(app, appEnv = {}) {
      const running = await startApp(app, { ...env, ...appEnv });
      apps.push(running);
      return running;
    },
    switchboard(options = {}) {
      const switchboard = createSwitchboard({ ...options, registryUrl: registry.url, registryToken });
      switchboards.push(switchboard);
      return switchboard;
    },
    async stopAll() {
      for (const switchboard of switchboards) switchboard.close();
      await Promise.all(apps.reverse().map((running) => running.stop("SIGKILL")));
    },
  };
}

/** Runs a script to completion and returns what it printed. */
export async function runScript(entry: string, args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawnTs(entry, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (stdin !== undefined) child.stdin?.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr };
}
