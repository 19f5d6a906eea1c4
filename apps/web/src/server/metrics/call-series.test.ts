import { describe, expect, it } from "vitest";
import { callCountersOf } from "./call-counters.ts";
import { callSeriesOf, quantile } from "./call-series.ts";
import { parsePrometheusText } from "./prometheus-text.ts";

/** A scrape as a service serves it: `calls` answered OK, `errors` refused, all within the given bucket bounds. */
function scrape(calls: number, errors: number, fastCalls: number): string {
  return [
    "# HELP switchboard_server_calls_total answered calls",
    "# TYPE switchboard_server_calls_total counter",
    `switchboard_server_calls_total{procedure="welcomeMessage",type="query",transport="ws",code="OK"} ${calls}`,
    `switchboard_server_calls_total{procedure="welcomeMessage",type="query",transport="http",code="BAD_REQUEST"} ${errors}`,
    `switchboard_server_call_duration_seconds_bucket{procedure="welcomeMessage",type="query",transport="ws",le="0.001"} ${fastCalls}`,
    `switchboard_server_call_duration_seconds_bucket{procedure="welcomeMessage",type="query",transport="ws",le="0.01"} ${calls + errors}`,
    `switchboard_server_call_duration_seconds_bucket{procedure="welcomeMessage",type="query",transport="ws",le="+Inf"} ${calls + errors}`,
    `switchboard_server_call_duration_seconds_count{procedure="welcomeMessage",type="query",transport="ws"} ${calls + errors}`,
    "process_cpu_seconds_total 1.5 1700000000000",
    'odd_line{broken="',
  ].join("\n");
}

describe("reading a service's /metrics into live call charts", () => {
  it("parses the text format: labels with escapes, timestamps, special values; skips what does not parse", () => {
    const samples = parsePrometheusText(
      'a{path="x \\"y\\"\\\\n",le="+Inf"} 3\nb NaN\nc +Inf 123\n# comment\nbroken{ 1\nd{x="1"} not-a-number',
    );
    expect(samples).toEqual([
      { name: "a", labels: { path: 'x "y"\\n', le: "+Inf" }, value: 3 },
      { name: "b", labels: {}, value: NaN },
      { name: "c", labels: {}, value: Infinity },
    ]);
  });

  it("adds up every transport and code of a procedure, errors apart", () => {
    const counters = callCountersOf(parsePrometheusText(scrape(90, 10, 50)), 1_000);
    expect(counters.procedures.get("welcomeMessage")).toEqual({
      calls: 100,
      errors: 10,
      buckets: [
        { le: 0.001, count: 50 },
        { le: 0.01, count: 100 },
        { le: Infinity, count: 100 },
      ],
    });
  });

  it("turns consecutive scrapes into rate, p50, p99 and error rate per interval", () => {
    const scrapes = [
      callCountersOf(parsePrometheusText(scrape(0, 0, 0)), 0),
      callCountersOf(parsePrometheusText(scrape(18, 2, 10)), 2_000),
      callCountersOf(parsePrometheusText(scrape(18, 2, 10)), 4_000),
    ];
    const [busy, idle] = callSeriesOf(scrapes).get("welcomeMessage")!;
    expect(busy).toMatchObject({ at: 2_000, rate: 10, errorRate: 0.1 });
    // 10 of 20 calls took at most 1 ms: the median is the top of the first bucket; p99 is near the top of the second.
    expect(busy!.p50Ms).toBeCloseTo(1, 6);
    expect(busy!.p99Ms).toBeCloseTo(1 + (9 * (19.8 - 10)) / 10, 6);
    expect(idle).toEqual({ at: 4_000, rate: 0, p50Ms: null, p99Ms: null, errorRate: null });
  });

  it("skips the interval in which a process restarted behind the same URL (its counters fell)", () => {
    const scrapes = [
      callCountersOf(parsePrometheusText(scrape(500, 0, 500)), 0),
      callCountersOf(parsePrometheusText(scrape(4, 0, 4)), 2_000),
      callCountersOf(parsePrometheusText(scrape(8, 0, 8)), 4_000),
    ];
    expect(callSeriesOf(scrapes).get("welcomeMessage")).toEqual([
      { at: 4_000, rate: 2, p50Ms: 0.5, p99Ms: 0.99, errorRate: 0 },
    ]);
  });

  it("answers histogram quantiles as Prometheus does", () => {
    const buckets = [
      { le: 0.1, count: 0 },
      { le: 0.2, count: 10 },
      { le: Infinity, count: 20 },
    ];
    expect(quantile(buckets, 0.25)).toBeCloseTo(0.15, 9);
    expect(quantile(buckets, 0.99)).toBe(0.2);
    expect(quantile([{ le: Infinity, count: 0 }], 0.5)).toBeNull();
  });
});
