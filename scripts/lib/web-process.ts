// The web app's production server (`next start`) as a tied child of start:cluster: stopped with it, its output
// passed on line by line. (scripts/lib/web.ts starts it the same way for tests, as an ordinary child.)
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { repositoryRoot } from "./processes.ts";
import { spawnTied } from "./tied-spawn.ts";

const webRoot = path.join(repositoryRoot, "apps/web");

export interface WebProcess {
  readonly url: string;
  readonly child: ChildProcess;
}

export interface StartWebProcessOptions {
  port: number;
  /** What the web app reads: SWITCHBOARD_REGISTRY_URL, GREETER_NAME, SHOP_NAME. */
  env: Record<string, string>;
  onLine?: (line: string) => void;
}

/** Starts `next start` on 127.0.0.1 and resolves once it says it is ready. */
export function startWebProcess(options: StartWebProcessOptions): Promise<WebProcess> {
  const nextPackage = createRequire(path.join(webRoot, "package.json")).resolve("next/package.json");
  const nextBin = path.join(path.dirname(nextPackage), "dist/bin/next");
  const child = spawnTied(
    process.execPath,
    [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(options.port)],
    {
      cwd: webRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const recent: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`next start not ready within 60 s:\n${recent.join("\n")}`)),
      60_000,
    );
    const onLine = (line: string) => {
      if (line.trim() === "") return;
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onLine?.(line);
      if (line.includes("Ready in")) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${options.port}`, child });
      }
    };
    createInterface({ input: child.stdout! }).on("line", onLine);
    createInterface({ input: child.stderr! }).on("line", onLine);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`next start exited (${code}):\n${recent.join("\n")}`));
    });
  });
}
