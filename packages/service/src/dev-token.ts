import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The secrets `npm start` makes for local use: the registry's write token and the shop's operator token. */
export type DevTokenKind = "registry" | "shop-operator";

/**
 * A token for local use: read from `<dataDir>/<kind>-token`, or generated there (readable by its owner only) on
 * first use, so the quick start needs no setup and is still not open to every process on the machine.
 */
export function readOrCreateDevToken(dataDir: string, kind: DevTokenKind = "registry"): string {
  const existing = readDevToken(dataDir, kind);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  writeFileSync(devTokenFile(dataDir, kind), `${token}\n`, { mode: 0o600, flag: "wx" });
  return token;
}

/** The dev token of that kind, if `npm start` made one in this data directory. */
export function readDevToken(dataDir: string, kind: DevTokenKind = "registry"): string | undefined {
  try {
    return readFileSync(devTokenFile(dataDir, kind), "utf8").trim();
  } catch {
    return undefined;
  }
}

function devTokenFile(dataDir: string, kind: DevTokenKind): string {
  return path.join(dataDir, `${kind}-token`);
}
