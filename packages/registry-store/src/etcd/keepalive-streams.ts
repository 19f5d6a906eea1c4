import * as grpc from "@grpc/grpc-js";
import { EtcdUnavailableError } from "./etcd-client.ts";
import type { RawKeepAliveResponse } from "./grpc-proto.ts";
import type { Member, MemberPool } from "./member-pool.ts";

interface PendingKeepAlive {
  id: string;
  deadline: number;
  resolve: (ttlSeconds: number) => void;
  reject: (error: Error) => void;
}

/**
 * Lease keep-alives over long-lived LeaseKeepAlive streams: a heartbeat is one small message on an open HTTP/2 stream
 * and etcd answers it from the leader's memory, without a Raft write or a disk sync (docs/etcd-store.md has the
 * figures). A member handles one stream's requests one after another, so several streams carry concurrent heartbeats.
 */
export class KeepAliveStreams {
  private readonly streams: KeepAliveStream[];
  private next = 0;

  constructor(pool: MemberPool, streamCount = 4) {
    this.streams = Array.from({ length: streamCount }, () => new KeepAliveStream(pool));
  }

  /** The lease's TTL in seconds from now, or 0 when etcd no longer knows it. */
  keepAlive(id: string): Promise<number> {
    const stream = this.streams[this.next]!;
    this.next = (this.next + 1) % this.streams.length;
    return stream.keepAlive(id);
  }

  close(): void {
    for (const stream of this.streams) stream.close();
  }
}

class KeepAliveStream {
  private stream: grpc.ClientDuplexStream<object, RawKeepAliveResponse> | undefined;
  private member: Member | undefined;
  /** Sent and not answered yet, oldest first: a member answers one stream's requests in order. */
  private readonly pending: PendingKeepAlive[] = [];
  private watchdog: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(private readonly pool: MemberPool) {}

  keepAlive(id: string): Promise<number> {
    if (this.closed) return Promise.reject(new EtcdUnavailableError("the etcd client is closed"));
    return new Promise((resolve, reject) => {
      this.pending.push({ id, deadline: Date.now() + this.pool.operationTimeoutMs, resolve, reject });
      this.open().write({ ID: id });
      this.armWatchdog();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.watchdog);
    this.stream?.cancel();
    for (const waiting of this.pending.splice(0)) waiting.reject(new EtcdUnavailableError("the etcd client is closed"));
  }

  private open(): grpc.ClientDuplexStream<object, RawKeepAliveResponse> {
    if (this.stream) return this.stream;
    const member = this.pool.current();
    const stream = member.stubs.lease.leaseKeepAlive(new grpc.Metadata());
    stream.on("data", (response: RawKeepAliveResponse) => {
      this.failures = 0;
      const index = this.pending.findIndex((waiting) => waiting.id === response.ID);
      if (index === -1) return;
      const [answered] = this.pending.splice(index, 1);
      answered!.resolve(Math.max(0, Number(response.TTL)));
      this.armWatchdog();
    });
    stream.on("error", () => this.broken(stream));
    stream.on("end", () => this.broken(stream));
    this.stream = stream;
    this.member = member;
    return stream;
  }

  /** The stream failed (member down, no leader): fail over and send what is unanswered again. */
  private broken(stream: grpc.ClientDuplexStream<object, RawKeepAliveResponse>): void {
    if (stream !== this.stream) return;
    stream.removeAllListeners("data");
    stream.on("error", () => undefined);
    stream.cancel();
    this.stream = undefined;
    if (this.member) this.pool.moveOn(this.member);
    if (this.closed) return;
    const now = Date.now();
    for (const waiting of this.pending.filter((candidate) => candidate.deadline <= now)) {
      this.pending.splice(this.pending.indexOf(waiting), 1);
      waiting.reject(new EtcdUnavailableError(`no etcd member renewed lease ${waiting.id} in time`));
    }
    if (this.pending.length === 0) return;
    const delay = this.pool.backoffMs(++this.failures);
    setTimeout(() => {
      if (this.closed || this.stream) return;
      const stream = this.open();
      for (const waiting of this.pending) stream.write({ ID: waiting.id });
      this.armWatchdog();
    }, delay);
  }

  /** An answer that does not come within one attempt's time means a member that hangs: move on. */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.pending.length === 0) return;
    this.watchdog = setTimeout(() => {
      if (this.stream) this.broken(this.stream);
    }, this.pool.attemptTimeoutMs);
    this.watchdog.unref();
  }
}
