// The programs the cluster set-up runs but does not install: etcd and PostgreSQL. Found (with their versions) or
// named as the Debian packages that bring them, so a person knows exactly what to install.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

export interface ClusterBinaries {
  etcd: { path: string; version: string };
  postgres: { binDir: string; version: string };
}

/** A missing program and the Debian packages that install it. */
interface Missing {
  what: string;
  packages: string[];
}

export class MissingPrerequisites extends Error {
  constructor(readonly missing: Missing[]) {
    const packages = missing.flatMap((entry) => entry.packages);
    super(
      [
        `missing: ${missing.map((entry) => entry.what).join("; ")}.`,
        `Install with:  ${process.getuid?.() === 0 ? "" : "sudo "}apt-get install -y ${packages.join(" ")}`,
        "(start:cluster installs nothing itself.)",
      ].join("\n"),
    );
  }
}

/** etcd on PATH and PostgreSQL's server programs (`POSTGRES_BIN_DIR`, else Debian's /usr/lib/postgresql/<n>/bin). */
export function findClusterBinaries(postgresBinDirOverride?: string): ClusterBinaries {
  const missing: Missing[] = [];
  const etcd = findEtcd();
  if (!etcd) missing.push({ what: "etcd (the registry's replicated store)", packages: ["etcd-server", "etcd-client"] });
  const postgres = findPostgres(postgresBinDirOverride);
  if (!postgres) {
    missing.push({
      what: `PostgreSQL's initdb and postgres (the shops' database)${postgresBinDirOverride ? ` in POSTGRES_BIN_DIR=${postgresBinDirOverride}` : ""}`,
      packages: ["postgresql"],
    });
  }
  if (!etcd || !postgres) throw new MissingPrerequisites(missing);
  return { etcd, postgres };
}

function findEtcd(): ClusterBinaries["etcd"] | undefined {
  const run = spawnSync("etcd", ["--version"], { encoding: "utf8" });
  if (run.status !== 0) return undefined;
  const version = /etcd Version:\s*(\S+)/.exec(run.stdout)?.[1] ?? "unknown version";
  const which = spawnSync("sh", ["-c", "command -v etcd"], { encoding: "utf8" });
  return { path: which.stdout.trim() || "etcd", version };
}

function findPostgres(override: string | undefined): ClusterBinaries["postgres"] | undefined {
  const candidates = override ? [override] : debianPostgresBinDirs();
  for (const binDir of candidates) {
    if (!existsSync(path.join(binDir, "initdb")) || !existsSync(path.join(binDir, "postgres"))) continue;
    const run = spawnSync(path.join(binDir, "postgres"), ["--version"], { encoding: "utf8" });
    if (run.status !== 0) continue;
    return { binDir, version: /(\d+(\.\d+)*)/.exec(run.stdout)?.[1] ?? "unknown version" };
  }
  return undefined;
}

/** /usr/lib/postgresql/<version>/bin, newest first. */
function debianPostgresBinDirs(): string[] {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(root, version, "bin"));
}
