// A hostile call over HTTP, each way tRPC takes one: a single POST, a GET with `?input=`, a batch (`?batch=1`, the
// hostile input beside a valid probe call), an SSE subscription (GET with `?input=`), or raw bytes in the body.
import { judgeHttp, type Answer } from "./answers.ts";
import type { FuzzTarget } from "./targets.ts";

const callTimeoutMs = 10_000;

export interface HttpCall {
  target: FuzzTarget;
  path: string;
  inputText: string;
  headers: Record<string, string>;
  mayAccept: boolean;
}

async function exchange(url: string, init: RequestInit, batch: boolean, mayAccept: boolean): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(callTimeoutMs), redirect: "manual" });
  } catch (error) {
    return failedExchange(error);
  }
  if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    // A subscription answered as a stream (tRPC's fetch adapter takes POST for them too): read its start only.
    return readEventStream(response, mayAccept);
  }
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    return failedExchange(error);
  }
  return judgeHttp(response.status, body, batch, mayAccept);
}

/** No answer at all: a timeout breaks the promise; a connection the server closed on refusing an upload does not. */
function failedExchange(error: unknown): Answer {
  const name = (error as Error).name;
  if (name === "TimeoutError" || name === "AbortError") {
    return { status: "timeout", problem: `no answer within ${callTimeoutMs} ms` };
  }
  return { status: "closed" };
}

const base = (target: FuzzTarget) => `${target.url}${target.trpcPath}`;

export function postCall(call: HttpCall): Promise<Answer> {
  return exchange(
    `${base(call.target)}/${encodeURIComponent(call.path)}`,
    { method: "POST", headers: { "content-type": "application/json", ...call.headers }, body: call.inputText },
    false,
    call.mayAccept,
  );
}

export function getCall(call: HttpCall): Promise<Answer> {
  const query = call.inputText === "" ? "" : `?input=${encodeURIComponent(call.inputText)}`;
  return exchange(
    `${base(call.target)}/${encodeURIComponent(call.path)}${query}`,
    { headers: call.headers },
    false,
    call.mayAccept,
  );
}

export function batchCall(call: HttpCall): Promise<Answer> {
  const { probe } = call.target;
  const inputs = [call.inputText === "" ? "null" : call.inputText, probe.inputText === "" ? "null" : probe.inputText];
  return exchange(
    `${base(call.target)}/${encodeURIComponent(call.path)},${probe.path}?batch=1`,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...call.headers },
      body: `{"0":${inputs[0]},"1":${inputs[1]}}`,
    },
    true,
    call.mayAccept,
  );
}

/** A subscription over SSE: an error is answered as such; a stream that opens is read briefly, then dropped. */
export async function sseCall(call: HttpCall): Promise<Answer> {
  const query = call.inputText === "" ? "" : `?input=${encodeURIComponent(call.inputText)}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), callTimeoutMs);
  try {
    const response = await fetch(`${base(call.target)}/${encodeURIComponent(call.path)}${query}`, {
      headers: { accept: "text/event-stream", ...call.headers },
      signal: controller.signal,
    });
    if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      return judgeHttp(response.status, await response.text(), false, call.mayAccept);
    }
    return await readEventStream(response, call.mayAccept);
  } catch (error) {
    return failedExchange(error);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The first event of a stream says whether the subscription started or was refused (tRPC's `serialized-error`). */
async function readEventStream(response: Response, mayAccept: boolean): Promise<Answer> {
  if (response.status >= 500) return { status: response.status, problem: `SSE stream opened with ${response.status}` };
  const reader = response.body!.getReader();
  try {
    const first = await Promise.race([
      reader.read(),
      new Promise<undefined>((resolve) => setTimeout(resolve, 300, undefined)),
    ]);
    const text = first?.value ? Buffer.from(first.value).toString("utf8") : "";
    const refused = /event: serialized-error/.test(text);
    if (refused && /"httpStatus":5\d\d/.test(text))
      return { status: 500, problem: `SSE error event: ${text.slice(0, 300)}` };
    if (!refused && !mayAccept) return { status: response.status, problem: "opened a stream it must refuse" };
    return { status: refused ? 400 : response.status };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Raw bytes posted to a procedure: invalid UTF-8, 10 MB, the wrong content type. */
export function rawBodyCall(
  target: FuzzTarget,
  path: string,
  body: Uint8Array,
  contentType: string,
  headers: Record<string, string>,
  mayAccept: boolean,
): Promise<Answer> {
  return exchange(
    `${base(target)}/${encodeURIComponent(path)}`,
    { method: "POST", headers: { "content-type": contentType, ...headers }, body },
    false,
    mayAccept,
  );
}
