// Whether apps/web needs `next build` before `next start`: no build yet, or a source file newer than the build.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repositoryRoot } from "./processes.ts";

const buildId = path.join(repositoryRoot, "apps/web/.next/BUILD_ID");
const sources = [
  "apps/web/src",
  "apps/web/next.config.ts",
  "apps/web/package.json",
  "packages/api/src",
  "packages/core/src",
  "packages/service/src",
];

export function webBuildIsStale(): boolean {
  let builtAt: number;
  try {
    builtAt = statSync(buildId).mtimeMs;
  } catch {
    return true;
  }
  return sources.some((source) => newestMtime(path.join(repositoryRoot, source)) > builtAt);
}

function newestMtime(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((child) => newestMtime(path.join(entry, child))));
}
