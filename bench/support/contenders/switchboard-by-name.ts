// Switchboard's own client calling the greeter app by name, on one of its transports. Each transport is a small file
// that calls this.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createSwitchboard, type GreeterRouter, type SwitchboardOptions } from "@switchboard/api/client";
import { freshDataDir, repositoryRoot, startApp } from "../../../scripts/lib/processes.ts";
import { medianOf } from "../call-rates.ts";
import { expectedAnswer, type BenchContext, type Contender } from "./contender.ts";

/** A transport Switchboard's client names by a string ("ws", "http", …). */
export type TransportName = Extract<SwitchboardOptions["transport"], string>;

export interface SwitchboardContenderOptions {
  key: string;
  label: string;
  transport: TransportName;
  aims?: Contender["aims"];
  /**
   * A greeter of its own, started with these variables under this name (metrics off, tracing on…), instead of the
   * bench's `example.greeter`. `start` may start servers it needs first (an OTLP receiver) and add to the variables.
   */
  ownGreeter?: {
    name: string;
    env: (context: BenchContext) => Promise<Record<string, string>>;
  };
}

export function switchboardByName(options: SwitchboardContenderOptions): Contender {
  const { transport, ownGreeter } = options;
  const greeterName = ownGreeter?.name ?? "example.greeter";
  return {
    key: options.key,
    label: options.label,
    aims: options.aims,
    async start(context) {
      const { registryUrl } = context;
      if (ownGreeter) {
        const env = { ...(await ownGreeter.env(context)), GREETER_NAME: greeterName };
        const app = await startApp("greeter", {
          SWITCHBOARD_DATA_DIR: freshDataDir(),
          SWITCHBOARD_REGISTRY_URL: registryUrl,
          ...env,
        });
        context.own(app.child);
      }
      const switchboard = createSwitchboard({ registryUrl, transport });
      const greeter = switchboard.connect<GreeterRouter>(greeterName);
      return {
        call: () => greeter.welcomeMessage.query("Rashmi"),
        concurrent: true,
        firstCall: ownGreeter
          ? undefined
          : async () => ({
              runningProcessMs: await medianOf(5, () =>
                freshSwitchboardFirstCallMs(registryUrl, transport, greeterName),
              ),
              freshProcessMs: await medianOf(5, () =>
                Promise.resolve(freshProcessFirstCallMs(registryUrl, transport, greeterName)),
              ),
            }),
        close: () => switchboard.close(),
      };
    },
  };
}

/** Resolve + connect + first call of a brand-new switchboard in this (running) process. */
async function freshSwitchboardFirstCallMs(
  registryUrl: string,
  transport: TransportName,
  greeterName: string,
): Promise<number> {
  const started = performance.now();
  const switchboard = createSwitchboard({ registryUrl, transport });
  const answer = await switchboard.connect<GreeterRouter>(greeterName).welcomeMessage.query("Rashmi");
  const elapsedMs = performance.now() - started;
  switchboard.close();
  if (answer !== expectedAnswer) throw new Error(`unexpected answer: ${answer}`);
  return elapsedMs;
}

/** The same in a freshly started client process (bench/support/first-call.ts). */
function freshProcessFirstCallMs(registryUrl: string, transport: TransportName, greeterName: string): number {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(repositoryRoot, "bench/support/first-call.ts"), registryUrl, greeterName, transport],
    { encoding: "utf8", cwd: repositoryRoot },
  );
  if (run.status !== 0) throw new Error(`first-call client failed: ${run.stderr}`);
  return Number(run.stdout.trim()) / 1000;
}
