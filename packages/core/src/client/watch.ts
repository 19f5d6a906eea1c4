import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import { EventSource } from "eventsource";
import type { RegistryEvent, WatchFilter } from "../registry/events.ts";
import type { RegistryRouter } from "../registry/router.ts";
import { httpTrpcUrlOf } from "./transport.ts";

export interface WatchHandlers {
  onEvent: (event: RegistryEvent) => void;
  onError?: (error: Error) => void;
  /** The stream is open: changes from now on will be delivered. */
  onStarted?: () => void;
}

export interface WatchOptions extends WatchFilter {
  /** Resume after this event id (from a previous watch) instead of starting from now. */
  lastEventId?: string;
  /** false: the stream does not keep the process alive (for background watches such as the name cache's). */
  holdsProcess?: boolean;
}

/**
 * Streams the registry's changes for a name or a prefix over SSE. When the stream drops it reconnects by itself and
 * resumes after the last event it delivered, so nothing is missed; a `reset` event means the registry could not
 * know what was missed (it restarted): list again. Returns a function that stops watching.
 */
export function watchRegistry(
  registryUrl: string,
  options: WatchOptions,
  handlers: WatchHandlers,
  registryToken?: string,
): () => void {
  const headers: Record<string, string> = registryToken ? { authorization: `Bearer ${registryToken}` } : {};
  const client = createTRPCClient<RegistryRouter>({
    links: [
      httpSubscriptionLink({
        url: httpTrpcUrlOf(registryUrl),
        EventSource,
        eventSourceOptions: () => ({
          fetch: (input, init) => {
            const withToken = { ...init, headers: { ...init?.headers, ...headers } };
            return options.holdsProcess === false
              ? fetchInBackground(String(input), withToken)
              : fetch(input, withToken);
          },
        }),
      }),
    ],
  });
  const { holdsProcess: _holdsProcess, ...input } = options;
  const subscription = client.watch.subscribe(input, {
    onData: ({ data }) => handlers.onEvent(data),
    onError: (error) => handlers.onError?.(error),
    onStarted: () => handlers.onStarted?.(),
  });
  return () => subscription.unsubscribe();
}

/** `fetch` over node:http whose socket does not keep the process alive: a background stream must not block exit. */
function fetchInBackground(
  url: string,
  init: { method?: string; headers?: ConstructorParameters<typeof Headers>[0]; signal?: AbortSignal | null },
) {
  return new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: init.method ?? "GET",
        headers: Object.fromEntries(new Headers(init.headers)),
        signal: init.signal ?? undefined,
      },
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
