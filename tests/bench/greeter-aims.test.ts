// The aims table of bench:greeter marks what holds from a run's figures: each Switchboard transport against its own
// transport's raw echo, the first call against Pyro4's, and "not measured" when a contender was skipped.
import { describe, expect, it } from "vitest";
import type { Contender } from "../../bench/support/contenders/contender.ts";
import { checkAims } from "../../bench/support/greeter-aims.ts";
import type { Results } from "../../bench/support/greeter-results.ts";

const contender = (key: string, aims?: Contender["aims"]): Contender => ({
  key,
  label: key,
  aims,
  start: () => Promise.reject(new Error("not started in this test")),
});

const rates = (sequential: number, concurrent: number, firstCallMs: Results[string]["firstCallMs"] = null) => ({
  label: "",
  sequential: { callsPerSecond: sequential, microsPerCall: 0 },
  concurrent: { callsPerSecond: concurrent, microsPerCall: 0 },
  firstCallMs,
});

const results = (extra: Results = {}): Results => {
  const all: Results = {
    switchboard: rates(3_000, 20_000, { runningProcessMs: 4, freshProcessMs: 9 }),
    switchboardTcp: rates(3_000, 20_000),
    moleculer: rates(2_400, 16_000),
    pyro4: rates(2_000, 4_000, { runningProcessMs: 5, freshProcessMs: 20 }),
    rawWs: rates(3_500, 30_000),
    rawTcp: rates(4_000, 40_000),
    ...extra,
  };
  for (const [key, result] of Object.entries(all)) result.label = key;
  return all;
};

const contenders = [
  contender("switchboard", { ceiling: "rawWs", isDefault: true }),
  contender("switchboardTcp", { ceiling: "rawTcp" }),
];

const holds = (checks: ReturnType<typeof checkAims>, aim: string) => checks.find((check) => check.aim === aim)?.holds;

describe("bench:greeter's aims", () => {
  it("reads each transport against the raw echo of its own transport", () => {
    const checks = checkAims(results(), contenders, 64);
    // 3,000 / 3,500 = 0.86 ≥ 0.85 against the WebSocket echo; 3,000 / 4,000 = 0.75 against the TCP echo.
    expect(holds(checks, "switchboard / rawWs, sequential")).toBe(true);
    expect(holds(checks, "switchboardTcp / rawTcp, sequential")).toBe(false);
    expect(holds(checks, "switchboard / rawTcp, sequential")).toBeUndefined();
    expect(holds(checks, "switchboard / rawWs, 64 concurrent")).toBe(true); // 0.67 ≥ 0.6
    expect(holds(checks, "switchboardTcp / rawTcp, 64 concurrent")).toBe(false); // 0.5
  });

  it("holds at the boundary and fails just below it", () => {
    const at = checkAims(results({ moleculer: rates(2_400, 16_000) }), contenders, 64);
    expect(at.find(({ aim }) => aim === "switchboard / moleculer, sequential")).toMatchObject({
      measured: "1.25×",
      target: "≥ 1.25×",
      holds: true,
    });
    const below = checkAims(results({ moleculer: rates(2_420, 16_000) }), contenders, 64);
    expect(holds(below, "switchboard / moleculer, sequential")).toBe(false); // 1.24
    expect(holds(below, "switchboard / pyro4, sequential")).toBe(true); // 1.5
  });

  it("compares the default transport's first calls with Pyro4's new proxy", () => {
    const checks = checkAims(results(), contenders, 64);
    const firstCalls = checks.filter(({ target }) => target.includes("Pyro4's"));
    expect(firstCalls.map(({ holds }) => holds)).toEqual([true, true]); // 4 ≤ 5; 9 ≤ 2 × 5
    expect(firstCalls[0]?.measured).toBe("4.00 ms (Pyro4 5 ms)");
    const slowFresh = checkAims(
      results({ switchboard: rates(3_000, 20_000, { runningProcessMs: 4, freshProcessMs: 10.5 }) }),
      contenders,
      64,
    );
    expect(slowFresh.filter(({ target }) => target.includes("Pyro4's")).map(({ holds }) => holds)).toEqual([
      true,
      false,
    ]);
  });

  it("marks an aim not measured when a contender was skipped", () => {
    const { pyro4: _skipped, ...withoutPyro } = results();
    const checks = checkAims(withoutPyro, contenders, 64);
    expect(checks.find(({ aim }) => aim === "switchboard / pyro4, sequential")).toMatchObject({
      measured: "—",
      holds: null,
    });
    expect(checks.filter(({ target }) => target.includes("Pyro4's")).map(({ holds }) => holds)).toEqual([null, null]);
  });
});
