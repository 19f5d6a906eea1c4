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
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
        }),
      }),
    ],
  });
  const subscription = client.watch.subscribe(options, {
    onData: ({ data }) => handlers.onEvent(data),
    onError: (error) => handlers.onError?.(error),
    onStarted: () => handlers.onStarted?.(),
  });
  return () => subscription.unsubscribe();
}
