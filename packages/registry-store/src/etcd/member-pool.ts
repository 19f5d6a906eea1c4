import * as grpc from "@grpc/grpc-js";
import { EtcdUnavailableError } from "./etcd-client.ts";
import { memberStubs, type MemberStubs, type UnaryMethod } from "./grpc-proto.ts";

export interface Member {
  readonly url: string;
  readonly stubs: MemberStubs;
}

export interface MemberPoolOptions {
  /** How long one operation may take across all its attempts, on any member, before it fails. */
  operationTimeoutMs?: number;
  /** How long one attempt on one member may take before the next member is tried. */
  attemptTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The cluster's members, and failover between them: calls go to one preferred member; when it fails in a way another
 * member may not (down, no leader, leader changed, too slow), the next member becomes preferred and the call is tried
 * there, until `operationTimeoutMs`. Every operation the store sends is safe to repeat (see etcd-store.ts).
 */
export class MemberPool {
  private readonly members: Member[];
  private preferred = 0;
  private closed = false;
  readonly operationTimeoutMs: number;
  readonly attemptTimeoutMs: number;

  constructor(
    readonly endpoints: string[],
    options: MemberPoolOptions = {},
  ) {
    this.members = endpoints.map((url) => ({ url, stubs: memberStubs(new URL(url).host) }));
    this.operationTimeoutMs = options.operationTimeoutMs ?? 10_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 2_000;
  }

  /** The member to use now. */
  current(): Member {
    return this.members[this.preferred]!;
  }

  /** `member` failed: prefer the next one (unless another caller already moved on). */
  moveOn(member: Member): void {
    if (this.members[this.preferred] === member) this.preferred = (this.preferred + 1) % this.members.length;
  }

  /** How long to wait before attempt `attempt` (0-based): nothing while other members are untried, then backing off. */
  backoffMs(attempt: number): number {
    const round = Math.floor(attempt / this.members.length);
    return attempt % this.members.length !== 0 || round === 0 ? 0 : Math.min(50 * 2 ** (round - 1), 500);
  }

  /** One unary call, with failover. */
  async unary<TResponse>(
    service: keyof MemberStubs,
    method: string,
    request: object,
    options: { timeoutMs?: number } = {},
  ): Promise<TResponse> {
    const deadline = Date.now() + (options.timeoutMs ?? this.operationTimeoutMs);
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new EtcdUnavailableError("the etcd client is closed");
      const member = this.current();
      try {
        const attemptMs = Math.max(1, Math.min(this.attemptTimeoutMs, deadline - Date.now()));
        return await invoke<TResponse>(member, service, method, request, attemptMs);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        this.moveOn(member);
        const wait = this.backoffMs(attempt + 1);
        if (Date.now() + wait >= deadline) {
          throw new EtcdUnavailableError(
            `no etcd member answered ${method} in time (tried ${this.endpoints.join(", ")}): ${(error as Error).message}`,
          );
        }
        if (wait > 0) await sleep(wait);
      }
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    for (const { stubs } of this.members) for (const stub of Object.values(stubs)) (stub as grpc.Client).close();
  }
}

function invoke<TResponse>(
  member: Member,
  service: keyof MemberStubs,
  method: string,
  request: object,
  timeoutMs: number,
): Promise<TResponse> {
  const stub = member.stubs[service] as unknown as Record<string, UnaryMethod>;
  return new Promise((resolve, reject) => {
    stub[method]!.call(stub, request, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) =>
      error ? reject(error) : resolve(response as TResponse),
    );
  });
}

/** Failures another member (or the same one, a moment later) may not have: worth another attempt. */
export function isRetryable(error: unknown): boolean {
  const code = (error as Partial<grpc.ServiceError>).code;
  const message = (error as Partial<grpc.ServiceError>).details ?? "";
  switch (code) {
    case grpc.status.UNAVAILABLE: // member down, no leader, leader changed, request timed out
    case grpc.status.DEADLINE_EXCEEDED: // our own per-attempt deadline: a member too slow or cut off
    case grpc.status.RESOURCE_EXHAUSTED: // etcdserver: too many requests
    case grpc.status.INTERNAL: // a connection reset mid-call
    case grpc.status.CANCELLED: // the member closed the stream under us
      return true;
    case grpc.status.FAILED_PRECONDITION:
      return message.includes("not leader");
    default:
      return false;
  }
}
