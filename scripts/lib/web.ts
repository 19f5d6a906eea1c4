// The web app as tests and `npm start` run it: a production build (`next build`) served by `next start`.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { repositoryRoot } from "./processes.ts";

const webRoot = path.join(repositoryRoot, "apps/web");
const nextBin = path.join(
  path.dirname(createRequire(path.join(webRoot, "package.json")).resolve("next/package.json")),
  "dist/bin/next",
);

function runNext(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], {
    cwd: webRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** `next build`; rejects with its output when it fails. */
export function buildWeb(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = runNext(["build"], {});
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (${code}):\n${output}`)),
    );
  });
}

export interface RunningWeb {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `next start` on `port` (loopback), talking to the registry in `env`; resolves once it is ready. */
export function startWeb(port: number, env: Record<string, string>): Promise<RunningWeb> {
  const child = runNext(["start", "--hostname", "127.0.0.1", "--port", String(port)], env);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`next start did not get ready:\n${output}`)), 30_000);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready in")) {
        clearTimeout(timer);
        resolve({
          url: `http://127.0.0.1:${port}`,
          child,
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`next start exited (${code}):\n${output}`)));
  });
}
