import type * as grpc from "@grpc/grpc-js";
import type { EtcdEvent, EtcdWatch, EtcdWatchOptions } from "./etcd-client.ts";
import { requireLeaderMetadata, type RawWatchResponse } from "./grpc-proto.ts";
import type { MemberPool } from "./member-pool.ts";
import { fromRawEvent } from "./raw-convert.ts";

/**
 * A watch that survives members going away: when its stream breaks it is opened again on the next member, from the
 * revision after the last one delivered, so no change is missed or repeated. Streams carry `hasleader`, so a member
 * cut off from the quorum ends them instead of going quiet. Ends only on `close()`, or when the revision to continue
 * from was compacted (`onCompacted`).
 */
export function resilientWatch(pool: MemberPool, options: EtcdWatchOptions): EtcdWatch {
  let nextRevision = options.startRevision;
  let stream: grpc.ClientDuplexStream<object, RawWatchResponse> | undefined;
  let closed = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  function open(): void {
    const member = pool.current();
    const current = member.stubs.watch.watch(requireLeaderMetadata());
    stream = current;
    const broken = (error: Error) => {
      if (stream !== current || closed) return;
      current.removeAllListeners();
      current.on("error", () => undefined);
      current.cancel();
      stream = undefined;
      pool.moveOn(member);
      options.onReconnect?.(error);
      retryTimer = setTimeout(open, Math.max(100, pool.backoffMs(++failures)));
    };
    current.on("data", (response: RawWatchResponse) => {
      if (stream !== current) return;
      if (response.canceled) {
        const compactRevision = Number(response.compactRevision);
        if (compactRevision > 0) {
          closed = true;
          current.cancel();
          options.onCompacted(compactRevision);
        } else broken(new Error(`etcd ended the watch: ${response.cancelReason || "no reason given"}`));
        return;
      }
      failures = 0;
      if (response.events.length > 0) {
        const events: EtcdEvent[] = response.events.map(fromRawEvent);
        nextRevision = events[events.length - 1]!.kv.modRevision + 1;
        options.onEvents(events);
      }
    });
    current.on("error", (error: Error) => broken(error));
    current.on("end", () => broken(new Error("etcd closed the watch stream")));
    current.write({
      createRequest: {
        key: Buffer.from(options.key),
        rangeEnd: Buffer.from(options.rangeEnd),
        startRevision: String(nextRevision),
        prevKv: options.prevKv ?? false,
      },
    });
  }

  open();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      stream?.removeAllListeners();
      stream?.on("error", () => undefined);
      stream?.cancel();
      stream = undefined;
    },
  };
}
