// npm run bench:greeter [-- --json] [-- --seconds 2 --rounds 3 --callers 64]
//
// Sequential and 64-concurrent calls/s of the greeter's welcomeMessage("Rashmi"), side by side in one run, for every
// contender of bench/support/contenders/ (Switchboard by name on its transports, stock tRPC, bare node:http,
// Moleculer, gRPC, Pyro4, raw WebSocket and TCP echoes as ceilings). Every server is its own process, as in
// production. Rounds alternate the contenders so that drift of the machine hits them alike; the median round is
// reported. Before the rounds, the first call of a new client per contender; at the end, the aims and whether each
// holds. Progress goes to stderr, so `--json > file` still shows it.
import os from "node:os";
import { parseArgs } from "node:util";
import { startBench } from "./support/bench-context.ts";
import { concurrent, medianFigure, sequential, type Figure } from "./support/call-rates.ts";
import {
  expectedAnswer,
  type Contender,
  type FirstCallFigures,
  type RunningContender,
} from "./support/contenders/contender.ts";
import { contenders } from "./support/contenders/index.ts";
import { checkAims } from "./support/greeter-aims.ts";
import { printReport, ratiosOf } from "./support/greeter-report.ts";
import type { Results } from "./support/greeter-results.ts";

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    seconds: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    callers: { type: "string", default: "64" },
  },
});
const seconds = Number(options.seconds);
const rounds = Number(options.rounds);
const callers = Number(options.callers);
const progress = (line: string) => console.error(line);

progress("starting the registry and the greeter …");
const bench = await startBench({ seconds, callers });
process.on("exit", bench.stopAll);
const { context } = bench;

interface Started {
  contender: Contender;
  running: RunningContender;
  label: string;
  sequential: Figure[];
  concurrent: Figure[];
}
const started: Started[] = [];
for (const contender of contenders) {
  const why = contender.unavailable?.();
  if (why) {
    progress(`${contender.label}: skipped — ${why}`);
    continue;
  }
  progress(`starting ${contender.label} …`);
  const running = await contender.start(context);
  if ("call" in running) {
    const answer = await running.call();
    if (answer !== (running.answer ?? expectedAnswer)) {
      throw new Error(`${contender.label} answered ${JSON.stringify(answer)}`);
    }
  }
  started.push({ contender, running, label: running.label ?? contender.label, sequential: [], concurrent: [] });
}

const firstCalls = new Map<string, FirstCallFigures>();
for (const { contender, running, label } of started) {
  if (!running.firstCall) continue;
  progress(`first call of new clients · ${label} …`);
  firstCalls.set(contender.key, await running.firstCall());
}

for (let round = 1; round <= rounds; round++) {
  for (const entry of started) {
    const { running, label } = entry;
    progress(`round ${round}/${rounds} · ${label} …`);
    if ("call" in running) {
      entry.sequential.push(await sequential(running.call, seconds));
      if (running.concurrent) entry.concurrent.push(await concurrent(running.call, seconds, callers));
    } else {
      const figures = await running.measureRound();
      entry.sequential.push(figures.sequential);
      if (figures.concurrent) entry.concurrent.push(figures.concurrent);
    }
  }
}

const results: Results = Object.fromEntries(
  started.map(({ contender, label, sequential: sequentialRounds, concurrent: concurrentRounds }) => [
    contender.key,
    {
      label,
      sequential: medianFigure(sequentialRounds),
      concurrent: concurrentRounds.length ? medianFigure(concurrentRounds) : null,
      firstCallMs: firstCalls.get(contender.key) ?? null,
    },
  ]),
);
const aims = checkAims(results, contenders, callers);

if (options.json) {
  const defaultFirstCall = results.switchboard?.firstCallMs;
  console.log(
    JSON.stringify({
      machine: { node: process.version, cpus: os.cpus().length },
      seconds,
      rounds,
      callers,
      // The default transport's, as reported before first calls were measured per contender.
      firstCallMs: {
        coldProcess: defaultFirstCall?.freshProcessMs ?? null,
        freshClientInRunningProcess: defaultFirstCall?.runningProcessMs ?? null,
      },
      results,
      ratios: ratiosOf(results, callers),
      aims,
    }),
  );
} else {
  printReport({ results, aims, rounds, seconds, callers });
}

for (const { running } of started) await running.close();
bench.stopAll();
process.exit(0);
