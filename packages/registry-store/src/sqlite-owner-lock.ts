import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";

interface Owner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Another registry process already serves from this SQLite file. */
export class SqliteFileTakenError extends Error {
  override readonly name = "SqliteFileTakenError";
}

/**
 * Claims a registry's SQLite file for this process, with `<file>.owner` (created exclusively, holding the pid). The
 * SQLite store keeps the directory in this process's memory and assumes it is the only writer: a second registry on
 * the same file would serve a stale directory and lose writes, so it must not start. A lock left by a process that
 * is gone (killed) is taken over. Returns the release function.
 */
export function claimSqliteFile(databaseFile: string, databaseUrl: string): () => void {
  const lockFile = `${databaseFile}.owner`;
  const me: Owner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const owner = readOwner(lockFile);
      if (owner && isAlive(owner)) {
        throw new SqliteFileTakenError(
          `another registry process (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}) already serves ` +
            `REGISTRY_DATABASE_URL=${databaseUrl}. The SQLite store serves one registry process; to run several ` +
            `registries on one directory, use REGISTRY_STORE=etcd with REGISTRY_ETCD_ENDPOINTS.`,
        );
      }
      unlinkSync(lockFile); // its owner is gone: take over
    }
  }
  return () => {
    if (readOwner(lockFile)?.pid === me.pid) unlinkSync(lockFile);
  };
}

function readOwner(lockFile: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, "utf8")) as Owner;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

/** A process on another host cannot be checked from here: its lock counts as held. */
function isAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
