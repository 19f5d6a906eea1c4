// npm run fuzz [-- --runs 200 --seed 42 --no-web --only shop,web --shop-database postgres --registry-store etcd]: hostile inputs against the real registry, greeter, shop and web app,
// over HTTP (single, GET, batch), WebSocket and SSE; ends with one table and a non-zero exit code on any failure.
import { parseArgs } from "node:util";
import { fuzzAcceptedWrites } from "./lib/fuzz/accepted-writes.ts";
import { fuzzTargets, type FuzzRow } from "./lib/fuzz/campaign.ts";
import { startFuzzSystem } from "./lib/fuzz/fuzz-system.ts";
import { fuzzSummary, statusSummary } from "./lib/fuzz/report.ts";
import { compareSnapshots, takeSnapshot } from "./lib/fuzz/state.ts";
import { allTargets } from "./lib/fuzz/targets.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "100" },
    seed: { type: "string" },
    "no-web": { type: "boolean", default: false },
    only: { type: "string" },
    "shop-database": { type: "string", default: "sqlite" },
    "registry-store": { type: "string", default: "sqlite" },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(seed) ||
  !["sqlite", "postgres"].includes(values["shop-database"]) ||
  !["sqlite", "etcd"].includes(values["registry-store"])
) {
  console.error(
    "usage: npm run fuzz -- [--runs N (inputs per procedure and transport)] [--seed S] [--no-web] [--only registry,greeter,shop,web] [--shop-database sqlite|postgres] [--registry-store sqlite|etcd]",
  );
  process.exit(2);
}

const shopDatabase = values["shop-database"] === "postgres" ? "postgres" : "sqlite";
const registryStore = values["registry-store"] === "etcd" ? "etcd" : "sqlite";
const started = Date.now();
console.log(
  `starting the registry (on ${registryStore}), greeter, shop (on ${shopDatabase})${values["no-web"] ? "" : " and web app (built if stale)"} …`,
);
const fuzz = await startFuzzSystem({ web: !values["no-web"], shopDatabase, registryStore });
let failed: boolean;
try {
  const only = values.only?.split(",");
  const targets = allTargets(fuzz.fixtures).filter((target) => !only || only.includes(target.label));
  console.log(
    `fuzzing ${targets.map((target) => target.label).join(", ")}: ${runs} inputs per procedure and transport, seed ${seed}`,
  );
  const before = await takeSnapshot(fuzz.fixtures);
  const onProgress = (row: FuzzRow) =>
    console.log(
      `  ${row.failure ? "FAIL" : "ok  "} ${row.target} ${row.procedure} ${row.transport}: ${row.tried} inputs, ${statusSummary(row.statuses)}`,
    );
  const rows = await fuzzTargets(targets, { runs, seed, onProgress });
  const checks = compareSnapshots(before, await takeSnapshot(fuzz.fixtures));
  // Valid writes with hostile text change state: after the checks.
  rows.push(...(await fuzzAcceptedWrites(fuzz.fixtures, { runs, seed, onProgress })));
  console.log("");
  console.log(fuzzSummary(rows, checks, seed, (Date.now() - started) / 1000));
  failed = rows.some((row) => row.failure) || checks.some((check) => !check.passed);
} finally {
  await fuzz.stop();
}
process.exit(failed ? 1 : 0);
