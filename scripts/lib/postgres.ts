// A throwaway PostgreSQL cluster on a free loopback port, for tests and benchmarks: initdb in a fresh temporary
// folder, started with pg_ctl, one database per caller, stopped and deleted at the end. Nothing is installed as a
// service and nothing outside the folder is touched.
//
// As a command it prints each step and a SHOP_DATABASE_URL to try the shop on, and stops the cluster on Ctrl-C:
//   npx tsx scripts/lib/postgres.ts
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface PostgresCluster {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The superuser the cluster was created with; it logs on with `password` over TCP (scram-sha-256). */
  readonly user: string;
  readonly password: string;
  /** The cluster's folder (data, socket, log); deleted by `stop`. */
  readonly dir: string;
  /** `postgresql://user:password@127.0.0.1:port/<database>` */
  urlFor(database: string): string;
  /** Creates a database (a copy of `template` if given) and returns its URL. */
  createDatabase(name?: string, options?: { template?: string }): Promise<string>;
  /** Runs SQL through psql and returns its unaligned output. */
  psql(sql: string, database?: string): Promise<string>;
  /** Stops the server at once (its data is thrown away) and deletes the folder. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * Trades durability for speed (`fsync`, `synchronous_commit` and `full_page_writes` off): right for tests, which
   * crash shop processes but never the database server. Benchmarks keep the durable defaults.
   */
  fast?: boolean;
  /** Progress, one line per step. */
  log?: (line: string) => void;
}

const user = "app";
let databaseCounter = 0;

/** Starts a fresh cluster. Runs initdb and pg_ctl as the `postgres` user when this process is root (initdb refuses root). */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const log = options.log ?? (() => undefined);
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-postgres-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uidOf("postgres"), gidOf("postgres"));
  const password = randomBytes(18).toString("base64url");
  const passwordFile = path.join(dir, "password");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (asRoot) chownSync(passwordFile, uidOf("postgres"), gidOf("postgres"));

  const started = performance.now();
  await run(asRoot, path.join(bin, "initdb"), [
    ...["-D", path.join(dir, "data"), "-U", user, `--pwfile=${passwordFile}`],
    // TCP needs the password, so a test can also try a wrong one; the socket in the private folder is trusted.
    ...["--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale", "--no-instructions"],
  ]);
  rmSync(passwordFile);
  log(`initdb: ${path.join(dir, "data")} (${Math.round(performance.now() - started)} ms)`);

  const pgCtl = path.join(bin, "pg_ctl");
  const dataDir = path.join(dir, "data");
  const port = await startServer(asRoot, pgCtl, dataDir, dir, options.fast ?? false);
  log(`started on 127.0.0.1:${port}${options.fast ? " (fast: not durable)" : ""}, log ${path.join(dir, "server.log")}`);

  // If the test process dies without stopping it, do not leave a server behind.
  const stopNow = () => {
    try {
      execFileSync(
        asRoot ? "runuser" : pgCtl,
        [...(asRoot ? ["-u", "postgres", "--", pgCtl] : []), "-D", dataDir, "-m", "immediate", "stop"],
        { stdio: "ignore" },
      );
    } catch {
      // Already stopped.
    }
  };
  process.once("exit", stopNow);

  const urlFor = (database: string) =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const psql = (sql: string, database = "postgres") =>
    run(false, path.join(bin, "psql"), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, urlFor(database)]);

  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    dir,
    urlFor,
    psql,
    async createDatabase(name = `db_${process.pid}_${++databaseCounter}`, { template } = {}) {
      await psql(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      log(`database ${name} created`);
      return urlFor(name);
    },
    async stop() {
      process.removeListener("exit", stopNow);
      await run(asRoot, pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      log("stopped, folder deleted");
    },
  };
}

/** Starts the server on a free port; tries another port if one was taken between choosing it and binding it. */
async function startServer(asRoot: boolean, pgCtl: string, dataDir: string, dir: string, fast: boolean) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const serverOptions = [
      ...["-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"],
      ...(fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ];
    const logFile = path.join(dir, "server.log");
    try {
      await run(asRoot, pgCtl, ["-D", dataDir, "-l", logFile, "-w", "-o", serverOptions.join(" "), "start"]);
      return port;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** `POSTGRES_BIN_DIR`, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout). */
function postgresBinDir(): string {
  const configured = process.env.POSTGRES_BIN_DIR;
  if (configured) return configured;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(path.join(root, version, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error("PostgreSQL not found: apt-get install -y postgresql, or set POSTGRES_BIN_DIR to its bin folder");
  }
  return path.join(root, versions[0], "bin");
}

/**
 * A loopback port nothing listens on right now. (processes.ts has the same; this file does not import it, because
 * processes.ts brings in the Switchboard client, and packages/db's tests, which sit below the client, use this one.)
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const uidOf = (name: string) => Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
const gidOf = (name: string) => Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());

/** Runs a program (as `postgres` if asked) and resolves with its stdout, or rejects with its output. */
function run(asPostgres: boolean, program: string, args: string[]): Promise<string> {
  const [command, commandArgs] = asPostgres ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args];
  return new Promise((resolve, reject) => {
    // pg_ctl's server inherits stdio: ignore it, or the server would hold our pipes open.
    const child = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"], cwd: "/" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(stdout.trim())
        : reject(new Error(`${path.basename(program)} exited with ${code}: ${stderr.trim() || stdout.trim()}`)),
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const say = (line: string) => console.log(`postgres: ${line}`);
  const cluster = await startPostgres({ log: say });
  const url = await cluster.createDatabase("shop");
  say("ready. In another terminal:");
  console.log(`\n  SHOP_DATABASE_URL='${url}' npm start\n`);
  say("Ctrl-C stops the cluster and deletes its data");
  const shutDown = () => void cluster.stop().then(() => process.exit(0));
  process.once("SIGINT", shutDown);
  process.once("SIGTERM", shutDown);
  setInterval(() => undefined, 1 << 30);
}
