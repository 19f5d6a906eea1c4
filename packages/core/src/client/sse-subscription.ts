import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { EventSource } from "eventsource";
import { httpTrpcUrlOf, TransportError, type SubscriptionListener, type SubscriptionRequest } from "./transport.ts";

export interface SseOptions {
  headers: Record<string, string>;
  /** false: the stream does not keep the process alive (background watches such as the name cache's). */
  holdsProcess?: boolean;
}

/**
 * A subscription over tRPC's SSE protocol (`GET /trpc/<path>?input=…`): `connected`, data events (with the SSE `id`
 * for tracked values), `ping`, `serialized-error`, `return`. The EventSource's own reconnection is off: a lost stream
 * — or one silent for longer than the server's `reconnectAfterInactivityMs` while it promised pings — is reported as
 * dropped, so the caller resumes it with `lastEventId` on whichever instance it picks next.
 */
export function subscribeOverSse(
  baseUrl: string,
  request: SubscriptionRequest,
  listener: SubscriptionListener,
  options: SseOptions,
): () => void {
  const url = `${httpTrpcUrlOf(baseUrl)}/${encodeURIComponent(request.path)}${queryOf(request)}`;
  const requestFetch = options.holdsProcess === false ? fetchInBackground : fetch;
  const source = new EventSource(url, {
    fetch: (target, init) =>
      requestFetch(String(target), {
        ...init,
        headers: {
          ...Object.fromEntries(new Headers(init.headers)),
          ...options.headers,
          ...(request.traceparent ? { traceparent: request.traceparent } : {}),
          ...(request.tracestate ? { tracestate: request.tracestate } : {}),
        },
      }),
  });
  let ended = false;
  let inactivity: NodeJS.Timeout | undefined;
  let inactivityMs = 0;
  const heard = () => {
    if (inactivityMs <= 0) return;
    clearTimeout(inactivity);
    inactivity = setTimeout(() => drop("no event or ping within the server's inactivity limit"), inactivityMs);
    inactivity.unref();
  };
  const end = (report: () => void) => {
    if (ended) return;
    ended = true;
    clearTimeout(inactivity);
    source.close();
    report();
  };
  const drop = (why: string) =>
    end(() => listener.onDropped(new TransportError(`stream from ${url} lost: ${why}`, url, true)));

  source.addEventListener("connected", (event) => {
    const { reconnectAfterInactivityMs } = JSON.parse(String(event.data || "{}")) as {
      reconnectAfterInactivityMs?: number;
    };
    inactivityMs = reconnectAfterInactivityMs ?? 0;
    heard();
    listener.onStarted();
  });
  source.addEventListener("ping", heard);
  source.addEventListener("message", (event) => {
    heard();
    const trackedId = event.lastEventId === "" ? undefined : event.lastEventId;
    listener.onData({ data: JSON.parse(String(event.data)) as unknown, trackedId, wrapped: false });
  });
  source.addEventListener("serialized-error", (event) =>
    end(() => listener.onError(JSON.parse(String(event.data)) as unknown)),
  );
  source.addEventListener("return", () => end(() => listener.onStopped()));
  source.addEventListener("error", (event) => drop(event.message ?? "error"));
  return () => end(() => undefined);
}

/** tRPC's GET form: the input as JSON in `?input=`, with `lastEventId` merged in to resume. */
function queryOf({ input, lastEventId }: SubscriptionRequest): string {
  const withResume =
    lastEventId === undefined ? input : { ...(typeof input === "object" && input !== null ? input : {}), lastEventId };
  return withResume === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(withResume))}`;
}

/** `fetch` over node:http whose socket does not keep the process alive: a background stream must not block exit. */
function fetchInBackground(
  url: string,
  init: { method?: string; headers?: Record<string, string>; signal?: AbortSignal | null },
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      { method: init.method ?? "GET", headers: init.headers, signal: init.signal ?? undefined },
      (response) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const item of Array.isArray(value) ? value : [value ?? ""]) responseHeaders.append(name, item);
        }
        resolve(
          new Response(Readable.toWeb(response) as ReadableStream, {
            status: response.statusCode,
            headers: responseHeaders,
          }),
        );
      },
    );
    request.on("socket", (socket) => socket.unref());
    request.on("error", reject);
    request.end();
  });
}
