import { readFileSync } from "node:fs";
import path from "node:path";
import { resolveDataDir } from "@switchboard/db";

export interface GlobalOptions {
  registry?: string;
  token?: string;
  json?: boolean;
  timeout?: string;
}

/** The registry URL: --registry, else SWITCHBOARD_REGISTRY_URL, else the default of `npm start`. */
export function registryUrlOf(options: GlobalOptions): string {
  return options.registry ?? process.env.SWITCHBOARD_REGISTRY_URL ?? "http://127.0.0.1:4000";
}

/** The registry token: --token, else REGISTRY_TOKEN, else the dev token `npm start` keeps in the data directory. */
export function registryTokenOf(options: GlobalOptions): string | undefined {
  if (options.token) return options.token;
  if (process.env.REGISTRY_TOKEN) return process.env.REGISTRY_TOKEN;
  try {
    return readFileSync(path.join(resolveDataDir(process.env.SWITCHBOARD_DATA_DIR), "registry-token"), "utf8").trim();
  } catch {
    return undefined;
  }
}
