// npm run chaos: the fault suite. Each fault runs against real processes under load, one after the other, with a
// progress line each; one table at the end: the fault, the load held, calls and failed calls, the time to recovery
// (or, for abusive clients, the normal call's p50/p99 while the abuse went on), and the data check.
//
//   npm run chaos                 everything, full size (a few minutes)
//   npm run chaos -- --short      the sizes npm test runs (tests/chaos/chaos.test.ts)
//   npm run chaos -- --only shop  the faults whose name contains "shop"
import { textTable } from "./lib/text-table.ts";
import type { ChaosRow, ChaosSize } from "./lib/chaos/chaos-row.ts";
import { greeterFrozen, greeterKilled, registryFrozen, registryKilled } from "./lib/chaos/scenarios-processes.ts";
import { databaseMovedAway, databaseUnwritable, shopFrozen, shopKilled } from "./lib/chaos/scenarios-shop.ts";
import {
  idleWebSocketsRow,
  nonReaderRow,
  slowlorisRow,
  sseWatchersRow,
  startAbuseSystem,
} from "./lib/chaos/scenarios-abuse.ts";
import { webFrozen, webKilled } from "./lib/chaos/scenarios-web.ts";

const args = process.argv.slice(2);
const size: ChaosSize = args.includes("--short") ? "short" : "full";
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
const say = (line: string) => console.log(`[chaos] ${line}`);

const scenarios: Array<{ name: string; run: () => Promise<ChaosRow | ChaosRow[]> }> = [
  { name: "registry SIGKILL", run: () => registryKilled(size) },
  { name: "registry SIGSTOP", run: () => registryFrozen(size) },
  { name: "greeter SIGKILL", run: () => greeterKilled(size) },
  { name: "greeter SIGSTOP", run: () => greeterFrozen(size) },
  { name: "shop SIGKILL SQLite", run: () => shopKilled(size, "SQLite") },
  { name: "shop SIGSTOP SQLite", run: () => shopFrozen(size, "SQLite") },
  { name: "shop SIGKILL PostgreSQL", run: () => shopKilled(size, "PostgreSQL") },
  { name: "shop SIGSTOP PostgreSQL", run: () => shopFrozen(size, "PostgreSQL") },
  { name: "shop database moved away", run: () => databaseMovedAway(size) },
  { name: "shop database unwritable", run: () => databaseUnwritable(size) },
  { name: "web SIGKILL", run: () => webKilled(size, say) },
  { name: "web SIGSTOP", run: () => webFrozen(size, say) },
  {
    name: "abusive clients",
    run: async () => {
      const abuse = await startAbuseSystem(size);
      try {
        const rows: ChaosRow[] = [];
        for (const scenario of [slowlorisRow, idleWebSocketsRow, sseWatchersRow, nonReaderRow]) {
          rows.push(await scenario(abuse));
          say(`  ${rows.at(-1)?.fault}: ${rows.at(-1)?.check}`);
        }
        return rows;
      } finally {
        await abuse.stop();
      }
    },
  },
];

const rows: ChaosRow[] = [];
const started = performance.now();
for (const scenario of scenarios.filter(({ name }) => only === undefined || name.includes(only))) {
  say(`${scenario.name} …`);
  const begun = performance.now();
  try {
    const result = await scenario.run();
    for (const row of Array.isArray(result) ? result : [result]) {
      rows.push(row);
      const failures = row.failed > 0 ? ` (${row.failures?.join(" | ")})` : "";
      say(
        `  ${row.ok ? "ok" : "NOT OK"}: ${row.failed}/${row.calls} failed, recovery ${row.recovery}, ${row.check}${failures}`,
      );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    rows.push({
      fault: scenario.name,
      load: "—",
      calls: 0,
      failed: 0,
      recovery: "—",
      check: `did not run: ${message}`,
      ok: false,
    });
    say(`  did not run: ${message}`);
  }
  say(`  (${((performance.now() - begun) / 1000).toFixed(1)} s)`);
}

console.log(
  `\nChaos run (${size}), ${new Date().toISOString().slice(0, 16)} UTC, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
console.log(
  textTable(
    ["fault", "load held", "calls", "failed", "recovery / normal call", "data check", ""],
    rows.map((row) => [
      row.fault,
      row.load,
      row.calls.toLocaleString("en"),
      String(row.failed),
      row.recovery,
      row.check,
      row.ok ? "ok" : "NOT OK",
    ]),
  ),
);
process.exit(rows.every((row) => row.ok) ? 0 : 1);
