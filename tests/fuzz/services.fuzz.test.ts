import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzAcceptedWrites } from "../../scripts/lib/fuzz/accepted-writes.ts";
import { fuzzTargets } from "../../scripts/lib/fuzz/campaign.ts";
import { startFuzzSystem, type FuzzSystem } from "../../scripts/lib/fuzz/fuzz-system.ts";
import { compareSnapshots, takeSnapshot } from "../../scripts/lib/fuzz/state.ts";
import { allTargets } from "../../scripts/lib/fuzz/targets.ts";

// The suite's share of `npm run fuzz`: the same properties on the real registry, greeter and shop processes, fewer
// inputs, a fixed seed (so a failure names its seed and counterexample and replays). The web app's API is fuzzed in
// tests/e2e/web.test.ts, on the build that test makes.
const seed = 20_261_203;
const runs = 20;

describe("hostile input against the real registry, greeter and shop, on every path", () => {
  let fuzz: FuzzSystem;

  beforeAll(async () => {
    fuzz = await startFuzzSystem();
  }, 60_000);
  afterAll(() => fuzz?.stop());

  it("answers every hostile call 4xx in tRPC's shape (never 5xx, never a crash) and changes nothing", async () => {
    const before = await takeSnapshot(fuzz.fixtures);
    const rows = await fuzzTargets(allTargets(fuzz.fixtures), { runs, seed });
    const failures = rows
      .filter((row) => row.failure)
      .map((row) => `${row.target} ${row.procedure} over ${row.transport} (seed ${seed}):\n${row.failure}`);
    expect(failures).toEqual([]);
    // Every procedure of the three processes, on every transport, got its inputs.
    expect(rows.length).toBeGreaterThan(80);
    const total = rows.reduce((sum, row) => sum + row.tried, 0);
    console.log(`fuzzed ${total} hostile inputs over ${rows.length} procedure × transport rows (seed ${seed})`);
    expect(total).toBeGreaterThan(1_500);
    expect(compareSnapshots(before, await takeSnapshot(fuzz.fixtures)).filter((check) => !check.passed)).toEqual([]);
    // Then valid writes with hostile text (they change state): refused 4xx, or stored exactly as sent.
    const accepted = await fuzzAcceptedWrites(fuzz.fixtures, { runs, seed });
    expect(accepted.filter((row) => row.failure).map((row) => `${row.procedure}:\n${row.failure}`)).toEqual([]);
    for (const app of [fuzz.system.registry, fuzz.greeter, fuzz.shop]) expect(app.child.exitCode).toBeNull();
  }, 180_000);
});
