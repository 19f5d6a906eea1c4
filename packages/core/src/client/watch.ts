import type { RegistryEvent, WatchFilter } from "../registry/events.ts";
import { combinedTransformer } from "./codec.ts";
import { createHttpTransport } from "./http-transport.ts";
import { registryTarget } from "./registry-target.ts";
import { createSubscriber } from "./subscriber.ts";

export interface WatchHandlers {
  onEvent: (event: RegistryEvent) => void;
  /** The stream was lost; it is being resumed (on another registry, when there are several). */
  onError?: (error: Error) => void;
  /** The stream is open: changes from now on will be delivered. Again after every resume. */
  onStarted?: () => void;
}

export interface WatchOptions extends WatchFilter {
  /** Resume after this event id (from a previous watch) instead of starting from now. */
  lastEventId?: string;
  /** false: the stream does not keep the process alive (for background watches such as the name cache's). */
  holdsProcess?: boolean;
}

/**
 * Streams the registry's changes for a name or a prefix over SSE. When the stream drops it is opened again — on the
 * next registry of the list when there are several — and resumes after the last event it delivered, so nothing is
 * missed; a `reset` event means the registry could not know what was missed: list again. Returns a function that
 * stops watching.
 */
export function watchRegistry(
  registryUrls: string | string[],
  options: WatchOptions,
  handlers: WatchHandlers,
  registryToken?: string,
): () => void {
  const { holdsProcess, ...input } = options;
  const transport = createHttpTransport({
    headers: registryToken ? { authorization: `Bearer ${registryToken}` } : {},
    holdsProcess,
  });
  const subscribe = createSubscriber({
    target: registryTarget(registryUrls),
    transport,
    transformer: combinedTransformer(undefined),
  });
  const subscription = subscribe("watch", input, {
    onData: (tracked) => handlers.onEvent((tracked as { data: RegistryEvent }).data),
    onStarted: () => handlers.onStarted?.(),
    onDropped: (error) => handlers.onError?.(error),
    onError: (error) => handlers.onError?.(error),
  });
  return () => {
    subscription.unsubscribe();
    transport.close();
  };
}
