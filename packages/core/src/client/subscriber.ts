import type { CombinedDataTransformer } from "@trpc/server";
import { TRPCClientError } from "@trpc/client";
import type { CallTarget } from "./sender.ts";
import type { SubscriptionData, Transport } from "./transport.ts";
import { injectTraceContext, tracingEnabled } from "../shared/tracing.ts";

/** tRPC's subscription callbacks, as `client.x.subscribe(input, handlers)` takes them. */
export interface SubscriptionHandlers {
  /** The stream is open — again after every resume. */
  onStarted?: () => void;
  /** The stream was lost and is being resumed elsewhere (values may pause until the next `onStarted`). */
  onDropped?: (error: Error) => void;
  onData?: (value: unknown) => void;
  onError?: (error: TRPCClientError<never>) => void;
  /** The service ended the stream. */
  onStopped?: () => void;
  onComplete?: () => void;
}

export type Subscriber = (path: string, input: unknown, handlers: SubscriptionHandlers) => { unsubscribe(): void };

export interface SubscriberOptions {
  target: CallTarget;
  transport: Transport;
  transformer: CombinedDataTransformer;
  /** First wait before resuming a lost stream elsewhere (default 100 ms; doubles up to 5 s while it keeps failing). */
  retryDelayMs?: number;
}

/**
 * Subscriptions that outlive an instance: when the stream is lost (the instance died or shut down), it is opened again
 * on another instance of the target with `lastEventId` — the id of the last tracked value delivered — so a procedure
 * that yields `tracked(id, value)` and resumes after `lastEventId` (as tRPC's own clients expect) misses nothing.
 */
export function createSubscriber(options: SubscriberOptions): Subscriber {
  const { target, transport, transformer, retryDelayMs = 100 } = options;

  return (path, input, handlers) => {
    let lastEventId = initialLastEventId(input);
    const serializedInput: unknown = input === undefined ? undefined : transformer.input.serialize(input);
    // The subscriber's trace, carried to every instance the stream is opened on.
    const trace: { traceparent?: string; tracestate?: string } = {};
    if (tracingEnabled()) injectTraceContext(trace);
    let stopped = false;
    let failures = 0;
    let stopCurrent: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;

    const finish = () => {
      stopped = true;
      clearTimeout(timer);
    };
    const resumeLater = () => {
      if (stopped) return;
      const delayMs = Math.min(retryDelayMs * 2 ** failures++, 5_000);
      timer = setTimeout(() => void open(), delayMs);
    };
    const deliver = ({ data, trackedId, wrapped }: SubscriptionData) => {
      if (trackedId !== undefined) lastEventId = trackedId;
      const value: unknown = transformer.output.deserialize(data);
      handlers.onData?.(wrapped || trackedId === undefined ? value : { id: trackedId, data: value });
    };

    async function open(): Promise<void> {
      if (stopped) return;
      let url: string;
      try {
        url = await target.pick();
      } catch {
        return resumeLater(); // no instance right now: the name may come back
      }
      if (stopped) return;
      stopCurrent = transport.subscribe(
        url,
        { path, input: serializedInput, lastEventId, ...trace },
        {
          onStarted: () => {
            failures = 0;
            handlers.onStarted?.();
          },
          onData: (event) => !stopped && deliver(event),
          onError: (error) => {
            finish();
            handlers.onError?.(TRPCClientError.from({ error: transformer.output.deserialize(error) as never }));
          },
          onStopped: () => {
            finish();
            handlers.onStopped?.();
            handlers.onComplete?.();
          },
          onDropped: (error) => {
            target.failed(url);
            if (!stopped) handlers.onDropped?.(error);
            resumeLater();
          },
        },
      );
    }

    void open();
    return {
      unsubscribe() {
        finish();
        stopCurrent?.();
      },
    };
  };
}

/** A caller may start from a known event, as with tRPC: `lastEventId` in the input. */
function initialLastEventId(input: unknown): string | undefined {
  const candidate = (input as { lastEventId?: unknown } | null | undefined)?.lastEventId;
  return typeof candidate === "string" ? candidate : undefined;
}
