// Every contender of bench:greeter, started as the bench starts it (its server a real process of its own), answers
// the greeter's call — alone and with 64 calls in flight, each matched to its own answer — and a contender whose
// client runs elsewhere reports a round's figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBench, type RunningBench } from "../../bench/support/bench-context.ts";
import { expectedAnswer, type RunningContender } from "../../bench/support/contenders/contender.ts";
import { contenders } from "../../bench/support/contenders/index.ts";

describe("bench:greeter's contenders", () => {
  let bench: RunningBench;
  const running: RunningContender[] = [];

  beforeAll(async () => {
    bench = await startBench({ seconds: 0.05, callers: 8 });
  });
  afterAll(async () => {
    for (const contender of running) await contender.close();
    bench.stopAll();
  });

  for (const contender of contenders) {
    it.skipIf(contender.unavailable?.() !== undefined)(`${contender.label} answers`, async () => {
      const started = await contender.start(bench.context);
      running.push(started);
      if ("call" in started) {
        const answer = started.answer ?? expectedAnswer;
        expect(await started.call()).toBe(answer);
        const together = await Promise.all(Array.from({ length: 64 }, () => started.call()));
        expect(together).toEqual(Array.from({ length: 64 }, () => answer));
      } else {
        const round = await started.measureRound();
        expect(round.sequential.callsPerSecond).toBeGreaterThan(0);
        expect(round.concurrent?.callsPerSecond).toBeGreaterThan(0);
      }
    });
  }
});
