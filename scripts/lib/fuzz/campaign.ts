// The fuzz campaign: for every process, procedure and transport a fast-check property ("every hostile call is answered
// 4xx in tRPC's shape, or 200 where the input may be accepted, and the process answers afterwards"), plus raw bodies,
// raw WebSocket frames and a few fixed worst cases. Shared by `npm run fuzz` and the suite's shorter run.
import fc from "fast-check";
import type { Answer } from "./answers.ts";
import { hostileInputText, mutatedInput } from "./hostile-json.ts";
import { batchCall, getCall, postCall, rawBodyCall, sseCall, type HttpCall } from "./http-transport.ts";
import { wouldAccept } from "./input-check.ts";
import { rawBodies, rawFrames } from "./raw-inputs.ts";
import { transportsFor, type Credential, type FuzzProcedure, type FuzzTarget, type Transport } from "./targets.ts";
import { WsSession } from "./ws-transport.ts";

export interface FuzzOptions {
  /** Inputs per procedure and transport. */
  runs: number;
  seed: number;
  /** Called after each property with its row. */
  onProgress?: (row: FuzzRow) => void;
}

export interface FuzzRow {
  target: string;
  procedure: string;
  transport: Transport | "http-raw" | "ws-frames" | "fixed";
  tried: number;
  /** Answers by status ("401", "closed", …). */
  statuses: Map<string, number>;
  /** fast-check's report (seed, path, counterexample) or what broke the promise. */
  failure?: string;
}

interface CallCase {
  credential: Credential;
  inputText: string;
}

export async function fuzzTargets(targets: FuzzTarget[], options: FuzzOptions): Promise<FuzzRow[]> {
  const rows: FuzzRow[] = [];
  const record = (row: FuzzRow) => {
    rows.push(row);
    options.onProgress?.(row);
  };
  for (const target of targets) {
    const sessions = new WsSessions(target);
    try {
      for (const procedure of target.procedures) {
        for (const transport of transportsFor(target, procedure)) {
          record(await fuzzProcedure(target, procedure, transport, sessions, options));
        }
      }
      record(await fuzzRawBodies(target, options));
      if (target.websocket) record(await fuzzRawFrames(target, sessions, options));
      record(await fixedWorstCases(target, sessions));
    } finally {
      sessions.closeAll();
    }
  }
  return rows;
}

/** The credentials a procedure is tried with: never the valid one where every call would change state. */
function credentialsFor(target: FuzzTarget, procedure: FuzzProcedure): Credential[] {
  const hasSchema = procedure.example !== undefined;
  return target.credentials.filter((credential) => credential !== "valid" || !procedure.changesState || hasSchema);
}

function newRow(target: FuzzTarget, procedure: string, transport: FuzzRow["transport"]): FuzzRow {
  return { target: target.label, procedure, transport, tried: 0, statuses: new Map() };
}

function count(row: FuzzRow, answer: Answer): void {
  row.tried += 1;
  const key = String(answer.status);
  row.statuses.set(key, (row.statuses.get(key) ?? 0) + 1);
}

async function fuzzProcedure(
  target: FuzzTarget,
  procedure: FuzzProcedure,
  transport: Transport,
  sessions: WsSessions,
  options: FuzzOptions,
): Promise<FuzzRow> {
  const row = newRow(target, procedure.path, transport);
  const inputs = procedure.example ? fc.oneof(hostileInputText, mutatedInput(procedure.example)) : hostileInputText;
  const cases = fc.record({ credential: fc.constantFrom(...credentialsFor(target, procedure)), inputText: inputs });
  const property = fc.asyncProperty(cases, async (call: CallCase) => {
    const valid = wouldAccept(procedure.accepts, call.inputText);
    // A valid call that may run and change state is not hostile: it is skipped (and the state checks would see it).
    fc.pre(!(procedure.changesState && valid && (call.credential === "valid" || !procedure.guarded)));
    const answer = await send(target, procedure, transport, call, sessions);
    count(row, answer);
    if (answer.problem) throw new Error(`${answer.status}: ${answer.problem}`);
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, maxSkipsPerRun: 1000 });
  if (details.failed) row.failure = fc.defaultReportMessage(details) ?? "failed";
  await checkAlive(target, row);
  return row;
}

/** Whether a 200 is a fine answer: from a procedure that changes nothing, or one that without a credential changes nothing. */
function mayAccept(procedure: FuzzProcedure, credential: Credential): boolean {
  return !procedure.changesState || (credential !== "valid" && procedure.harmlessWithoutCredential === true);
}

async function send(
  target: FuzzTarget,
  procedure: FuzzProcedure,
  transport: Transport,
  call: CallCase,
  sessions: WsSessions,
): Promise<Answer> {
  const http: HttpCall = {
    target,
    path: procedure.path,
    inputText: call.inputText,
    headers: target.headersFor(call.credential),
    mayAccept: mayAccept(procedure, call.credential),
  };
  switch (transport) {
    case "http":
      return postCall(http);
    case "http-get":
      return getCall(http);
    case "http-batch":
      return batchCall(http);
    case "sse":
      return sseCall(http);
    case "ws": {
      const session = await sessions.get(call.credential);
      return session.call(procedure.type, procedure.path, call.inputText, mayAccept(procedure, call.credential));
    }
  }
}

async function fuzzRawBodies(target: FuzzTarget, options: FuzzOptions): Promise<FuzzRow> {
  const row = newRow(target, "(raw bodies)", "http-raw");
  const procedure = fc.constantFrom(...target.procedures.filter((candidate) => candidate.type !== "subscription"));
  const property = fc.asyncProperty(procedure, rawBodies, async (chosen, body) => {
    const text = Buffer.from(body.bytes).toString("utf8");
    fc.pre(!(chosen.changesState && wouldAccept(chosen.accepts, text)));
    const credential = target.credentials.includes("valid") ? "valid" : target.credentials[0]!;
    const answer = await rawBodyCall(
      target,
      chosen.path,
      body.bytes,
      body.contentType,
      target.headersFor(credential),
      !chosen.changesState,
    );
    count(row, answer);
    if (answer.problem) throw new Error(`${answer.status}: ${answer.problem}`);
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed, maxSkipsPerRun: 1000 });
  if (details.failed) row.failure = fc.defaultReportMessage(details) ?? "failed";
  await checkAlive(target, row);
  return row;
}

async function fuzzRawFrames(target: FuzzTarget, sessions: WsSessions, options: FuzzOptions): Promise<FuzzRow> {
  const row = newRow(target, "(raw frames)", "ws-frames");
  const frames = rawFrames(target.procedures.map((procedure) => procedure.path));
  const property = fc.asyncProperty(frames, async (frame) => {
    // Without the valid credential: no frame, however it is built, may write.
    const session = await sessions.get(target.credentials.includes("wrong") ? "wrong" : target.credentials[0]!);
    const answer = await session.frame(frame.data, frame.binary, frame.mayClose);
    count(row, answer);
    if (answer.problem) throw new Error(`${answer.status}: ${answer.problem}`);
  });
  const details = await fc.check(property, { numRuns: options.runs, seed: options.seed });
  if (details.failed) row.failure = fc.defaultReportMessage(details) ?? "failed";
  await checkAlive(target, row);
  return row;
}

const tenMegabytes = 10 * 1024 * 1024;

/**
 * The worst cases, tried once each on every run whatever the random inputs were: 10 MB bodies and frames, nesting
 * 100,000 deep, a 300 KB query string, a batch of 1,000 calls.
 */
async function fixedWorstCases(target: FuzzTarget, sessions: WsSessions): Promise<FuzzRow> {
  const row = newRow(target, "(worst cases)", "fixed");
  // A procedure with an input schema, called with the valid credential where there is one: none of these inputs is
  // valid, so each must be refused by the transport or the schema, not by the credential check before them.
  const callable = target.procedures.filter((procedure) => procedure.type !== "subscription");
  const first =
    callable.find((procedure) => procedure.changesState && procedure.example) ??
    callable.find((procedure) => procedure.example) ??
    callable[0]!;
  const credential: Credential = target.credentials.includes("valid") ? "valid" : target.credentials[0]!;
  const headers = target.headersFor(credential);
  const call = (inputText: string): HttpCall => ({ target, path: first.path, inputText, headers, mayAccept: false });
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const deepObject = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);
  const big = `{"name":"${"a".repeat(tenMegabytes)}"}`;
  const cases: Array<[string, () => Promise<Answer>]> = [
    ["10 MB JSON body", () => postCall(call(big))],
    [
      "10 MB of 0xff",
      () =>
        rawBodyCall(target, first.path, new Uint8Array(tenMegabytes).fill(0xff), "application/json", headers, false),
    ],
    ["nesting 100,000 deep (arrays)", () => postCall(call(deep))],
    ["nesting 100,000 deep (objects)", () => postCall(call(deepObject))],
    ["a 300 KB ?input=", () => getCall({ ...call(JSON.stringify("q".repeat(300_000))), mayAccept: true })],
    [
      "a batch of 1,000 calls",
      () => {
        const paths = Array.from({ length: 1_000 }, () => target.probe.path).join(",");
        return fetch(`${target.url}${target.trpcPath}/${paths}?batch=1`, {
          headers,
          signal: AbortSignal.timeout(20_000),
        }).then(
          async (response): Promise<Answer> =>
            response.status >= 500
              ? { status: response.status, problem: (await response.text()).slice(0, 200) }
              : { status: response.status },
          (error: unknown): Answer => ({ status: "closed", problem: (error as Error).message }),
        );
      },
    ],
  ];
  if (target.websocket) {
    const frame = (bytes: number) =>
      `{"id":"big","method":"query","params":{"path":${JSON.stringify(target.probe.path)},"input":"${"a".repeat(bytes)}"}}`;
    // Over the request cap (1 MiB): answered PAYLOAD_TOO_LARGE on a connection that lives on.
    cases.push([
      "a 2 MB WebSocket frame",
      async () => (await sessions.get(credential)).frame(frame(2 * 1024 * 1024), false, false),
    ]);
    // Over ws's hard frame limit (4 × the cap): never buffered, the connection is closed.
    cases.push([
      "a 10 MB WebSocket frame",
      async () => (await sessions.get(credential)).frame(frame(tenMegabytes), false, true),
    ]);
    cases.push([
      "nesting 100,000 deep over WebSocket",
      async () => (await sessions.get(credential)).call("query", first.path, deep, true),
    ]);
  }
  // Every field of every object input nested 100,000 deep (validators and JSON.stringify recurse).
  for (const procedure of callable.filter((candidate) => candidate.example)) {
    for (const field of Object.keys(procedure.example!)) {
      const text = JSON.stringify({ ...procedure.example, [field]: null }).replace(
        `"${field}":null`,
        `"${field}":${deep}`,
      );
      cases.push([
        `${procedure.path} with ${field} nested 100,000 deep`,
        () => postCall({ target, path: procedure.path, inputText: text, headers, mayAccept: !procedure.changesState }),
      ]);
    }
  }
  const failures: string[] = [];
  for (const [label, run] of cases) {
    const answer = await run();
    count(row, answer);
    if (answer.problem) failures.push(`${label}: ${answer.status} ${answer.problem}`);
  }
  if (failures.length > 0) row.failure = failures.join("\n");
  await checkAlive(target, row);
  return row;
}

/** The process answers its probe over HTTP after the property: a hostile call must not have taken it down. */
async function checkAlive(target: FuzzTarget, row: FuzzRow): Promise<void> {
  const { path, inputText } = target.probe;
  const query = inputText === "" ? "" : `?input=${encodeURIComponent(inputText)}`;
  try {
    const response = await fetch(`${target.url}${target.trpcPath}/${path}${query}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 200) return;
    row.failure = `${row.failure ?? ""}\n${target.label} answers its probe ${path} with ${response.status} afterwards`;
  } catch (error) {
    row.failure = `${row.failure ?? ""}\n${target.label} no longer answers (${(error as Error).message})`;
  }
}

/** One WebSocket per credential, opened again when a hostile frame made the server close it. */
class WsSessions {
  private readonly open = new Map<Credential, WsSession>();
  constructor(private readonly target: FuzzTarget) {}

  async get(credential: Credential): Promise<WsSession> {
    const known = this.open.get(credential);
    if (known?.isOpen) return known;
    const session = await WsSession.open(this.target, this.target.headersFor(credential));
    this.open.set(credential, session);
    return session;
  }

  closeAll(): void {
    for (const session of this.open.values()) session.close();
  }
}
