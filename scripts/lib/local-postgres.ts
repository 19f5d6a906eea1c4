// A PostgreSQL server on loopback that keeps its data, for `npm run start:cluster`: initdb once into
// <data dir>/postgres/data, then the server runs in the foreground as this script's child (not daemonised by pg_ctl)
// so it stops with the script — SIGINT, PostgreSQL's "fast" shutdown: sessions end, everything committed is kept.
// scripts/lib/postgres.ts is the throwaway kind, for tests and benchmarks.
//
// PostgreSQL refuses to run as root. Run as root, the server runs as the `postgres` user, which then owns the data
// folder and needs to pass through the folders above it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { tailOf } from "./file-tail.ts";
import { isRunning, spawnTied, stopTied } from "./tied-spawn.ts";

export interface LocalPostgresOptions {
  /** The server's folder: data/, the socket and server.log. */
  dir: string;
  /** Where the password of the database user is kept (mode 0600), made on first start. */
  passwordFile: string;
  port: number;
  database: string;
  binDir: string;
  log?: (line: string) => void;
}

export interface LocalPostgres {
  /** `postgresql://app:<password>@127.0.0.1:<port>/<database>`: what SHOP_DATABASE_URL takes. */
  readonly url: string;
  /** The same without the password, to print. */
  readonly displayUrl: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** True when initdb ran on this start. */
  readonly initialised: boolean;
  /** Fast shutdown (SIGINT), SIGKILL if it takes more than 20 s. */
  stop(): Promise<void>;
}

const user = "app";

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const log = options.log ?? (() => undefined);
  const asRoot = process.getuid?.() === 0;
  const serverUser = asRoot ? "postgres" : undefined;
  const dataDir = path.join(options.dir, "data");
  const logFile = path.join(options.dir, "server.log");
  const password = readOrCreatePassword(options.passwordFile);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  if (serverUser) {
    chownSync(options.dir, uidOf(serverUser), gidOf(serverUser));
    for (const opened of letUserPassThrough(path.dirname(options.dir), serverUser)) {
      log(`${opened}: others may now pass through it (o+x, no listing) so the ${serverUser} user reaches its folder`);
    }
  }

  const initialised = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (initialised) {
    const started = performance.now();
    // initdb reads the password from a file the server user can read; it is deleted right after.
    const pwfile = path.join(options.dir, "initdb-password");
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (serverUser) chownSync(pwfile, uidOf(serverUser), gidOf(serverUser));
    try {
      runAs(serverUser, path.join(options.binDir, "initdb"), [
        ...["-D", dataDir, "-U", user, `--pwfile=${pwfile}`, "-E", "UTF8", "--no-locale", "--no-instructions"],
        // TCP needs the password; the socket, in the server's private folder, is trusted.
        ...["--auth-host=scram-sha-256", "--auth-local=trust"],
      ]);
    } finally {
      rmSync(pwfile, { force: true });
    }
    log(`initdb ${dataDir} (${Math.round(performance.now() - started)} ms)`);
  }

  const logFd = openSync(logFile, "a");
  if (serverUser) chownSync(logFile, uidOf(serverUser), gidOf(serverUser));
  const child = spawnTied(
    path.join(options.binDir, "postgres"),
    ["-D", dataDir, "-p", String(options.port), "-k", options.dir, "-c", "listen_addresses=127.0.0.1"],
    { stdio: ["ignore", logFd, logFd], deathSignal: "SIGINT", user: serverUser, cwd: "/" },
  );
  closeSync(logFd);
  const stop = () => stopTied(child, "SIGINT", 20_000);

  const url = (database: string, withPassword = true) =>
    `postgresql://${user}${withPassword ? `:${encodeURIComponent(password)}` : ""}@127.0.0.1:${options.port}/${database}`;
  try {
    await waitAccepting(child, options, url("postgres"), logFile);
    await createDatabaseIfMissing(options, url("postgres"), options.database, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: url(options.database),
    displayUrl: url(options.database, false),
    child,
    logFile,
    initialised,
    stop,
  };
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const password = randomBytes(24).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: "wx" });
  return password;
}

/**
 * Adds o+x to `dir` and each folder above it that `user` could not pass through, and returns those it changed. o+x
 * lets a process open a path through the folder; it does not let anyone list it.
 */
function letUserPassThrough(dir: string, user: string): string[] {
  const changed: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stats = statSync(current);
    const ownedByUser = stats.uid === uidOf(user);
    if (!ownedByUser && (stats.mode & 0o001) === 0) {
      chmodSync(current, (stats.mode & 0o7777) | 0o001);
      changed.push(current);
    }
    if (path.dirname(current) === current) return changed;
  }
}

/** Polls with psql until the server takes connections; fails early with its log if it exited. */
async function waitAccepting(child: ChildProcess, options: LocalPostgresOptions, url: string, logFile: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!isRunning(child)) throw new Error(`PostgreSQL exited at start-up:\n${tailOf(logFile)}`);
    if ((await psql(options.binDir, url, "select 1").catch(() => undefined)) === "1") return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 30 s; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function createDatabaseIfMissing(
  options: LocalPostgresOptions,
  url: string,
  database: string,
  log: (line: string) => void,
) {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${database}`);
  const exists = await psql(options.binDir, url, `select 1 from pg_database where datname = '${database}'`);
  if (exists === "1") return;
  await psql(options.binDir, url, `create database ${database}`);
  log(`database ${database} created`);
}

/** Runs one statement with psql; the password travels in PGPASSWORD, never on a command line. */
function psql(binDir: string, url: string, sql: string): Promise<string> {
  const parsed = new URL(url);
  const withoutPassword = `${parsed.protocol}//${parsed.username}@${parsed.host}${parsed.pathname}`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(binDir, "psql"),
      ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, withoutPassword],
      {
        env: { ...process.env, PGPASSWORD: decodeURIComponent(parsed.password), PGCONNECT_TIMEOUT: "2" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(stderr.trim()))));
  });
}

function runAs(user: string | undefined, program: string, args: string[]): void {
  const [command, commandArgs] = user ? ["runuser", ["-u", user, "--", program, ...args]] : [program, args];
  execFileSync(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"], cwd: "/" });
}

const uidOf = (name: string) => Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
const gidOf = (name: string) => Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
