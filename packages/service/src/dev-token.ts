import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The registry token for local use: read from `<dataDir>/registry-token`, or generated there (readable by its owner
 * only) on first use, so the quick start needs no setup and is still not open to every process on the machine.
 */
export function readOrCreateDevToken(dataDir: string): string {
  const existing = readDevToken(dataDir);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString("base64url");
  writeFileSync(devTokenFile(dataDir), `${token}\n`, { mode: 0o600, flag: "wx" });
  return token;
}

/** The dev token, if `npm start` made one in this data directory. */
export function readDevToken(dataDir: string): string | undefined {
  try {
    return readFileSync(devTokenFile(dataDir), "utf8").trim();
  } catch {
    return undefined;
  }
}

function devTokenFile(dataDir: string): string {
  return path.join(dataDir, "registry-token");
}
