// What one contender of bench:greeter is. Adding one: a file in this folder exporting a Contender, and a line in
// ./index.ts.
import type { ChildProcess } from "node:child_process";
import type { Call, Figure } from "../call-rates.ts";

export const expectedAnswer = "Hi welcome Rashmi";

/** What the bench gives every contender. */
export interface BenchContext {
  /** The registry and the greeter app, started as `npm start` starts them. */
  registryUrl: string;
  greeterUrl: string;
  seconds: number;
  callers: number;
  /** Starts a TypeScript entry point of the repository as its own process and waits for its "READY <port>" line. */
  startServer: (entry: string, args?: string[]) => Promise<number>;
  /** Hands a process the contender started itself to the bench, which kills it when the run ends, however it ends. */
  own: <T extends ChildProcess>(child: T) => T;
}

/** The first call of a brand-new client, median milliseconds. */
export interface FirstCallFigures {
  /** A new client in a process that has been running (modules loaded, nothing connected for it). */
  runningProcessMs: number;
  /** A freshly started process (its module loading not counted). */
  freshProcessMs?: number;
}

/** A contender whose client runs in the bench process: the bench's own loops time `call`. */
export interface InProcessClient {
  call: Call;
  /** What `call` resolves with: the greeting (default), or for an echo what it sent. */
  answer?: string;
  /** false: no N-concurrent figure (the client cannot have calls in flight together). */
  concurrent: boolean;
}

/** A contender whose client runs in a process of its own (Pyro4's Python client): it reports a round's figures. */
export interface OutOfProcessClient {
  measureRound(): Promise<{ sequential: Figure; concurrent: Figure | null }>;
}

export type RunningContender = (InProcessClient | OutOfProcessClient) & {
  /** Overrides the contender's label once started (a version learnt from the server, say). */
  label?: string;
  /** Times the first call of new clients; the bench calls it once, before the rounds. */
  firstCall?(): Promise<FirstCallFigures>;
  close(): Promise<void> | void;
};

export interface Contender {
  /** Stable key of the JSON report. */
  key: string;
  label: string;
  /** Set on Switchboard's own transports: the product's aims apply to it. */
  aims?: {
    /** Key of the raw echo of the same transport: the ceiling its figures are read against. */
    ceiling: string;
    /** The default transport: the first-call aims apply too. */
    isDefault?: boolean;
  };
  /** Why this contender cannot run on this machine, or undefined when it can. */
  unavailable?(): string | undefined;
  start(context: BenchContext): Promise<RunningContender>;
}
