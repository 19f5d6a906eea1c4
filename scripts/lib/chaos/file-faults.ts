// Faults of a SQLite file under a running process. Tests run as root, for whom permissions are no obstacle, so
// "unwritable" is the immutable attribute (chattr +i, ext4 and most Linux file systems): writes through the open
// file then fail with EPERM, as on a file system remounted read-only. The shared-memory index (-shm) is left alone:
// it is mapped into the process, and a write to an immutable mapping kills it with SIGBUS instead.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The database file and its write-ahead log, as they exist now. */
function filesOf(database: string): string[] {
  return [database, `${database}-wal`].filter((file) => existsSync(file));
}

export async function makeUnwritable(database: string): Promise<void> {
  await run("chattr", ["+i", ...filesOf(database)]);
}

export async function makeWritable(database: string): Promise<void> {
  await run("chattr", ["-i", ...filesOf(database)]);
}
