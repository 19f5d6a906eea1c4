import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** A key-value as protobuf decodes it (int64 as decimal strings, bytes as Buffers). */
export interface RawKeyValue {
  key: Buffer;
  createRevision: string;
  modRevision: string;
  value: Buffer;
  lease: string;
}

export interface RawHeader {
  clusterId: string;
  memberId: string;
  revision: string;
}

export interface RawEvent {
  type: "PUT" | "DELETE";
  kv: RawKeyValue | null;
  prevKv: RawKeyValue | null;
}

export interface RawWatchResponse {
  header: RawHeader | null;
  watchId: string;
  created: boolean;
  canceled: boolean;
  compactRevision: string;
  cancelReason: string;
  events: RawEvent[];
}

export interface RawKeepAliveResponse {
  header: RawHeader | null;
  ID: string;
  TTL: string;
}

export type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

/** One etcd member's services. */
export interface MemberStubs {
  kv: grpc.Client & Record<"range" | "txn" | "compact", UnaryMethod>;
  lease: grpc.Client &
    Record<"leaseGrant" | "leaseRevoke" | "leaseTimeToLive", UnaryMethod> & {
      leaseKeepAlive(metadata: grpc.Metadata): grpc.ClientDuplexStream<object, RawKeepAliveResponse>;
    };
  watch: grpc.Client & { watch(metadata: grpc.Metadata): grpc.ClientDuplexStream<object, RawWatchResponse> };
  maintenance: grpc.Client & Record<"status", UnaryMethod>;
}

type StubConstructor = new (address: string, credentials: grpc.ChannelCredentials, options: object) => grpc.Client;

const protoFile = fileURLToPath(new URL("./proto/etcd-v3.proto", import.meta.url));
let services: Record<"KV" | "Lease" | "Watch" | "Maintenance", StubConstructor> | undefined;

function loadServices() {
  const definition = protoLoader.loadSync(protoFile, { longs: String, enums: String, defaults: true, oneofs: true });
  const etcd = (grpc.loadPackageDefinition(definition) as unknown as { etcdserverpb: typeof services }).etcdserverpb!;
  return etcd;
}

/**
 * gRPC stubs for one member at `host:port`. The channel pings an idle connection (keepalive) so a member that
 * vanished without closing its sockets is noticed within seconds, not at the next TCP timeout.
 */
export function memberStubs(address: string): MemberStubs {
  services ??= loadServices();
  const options = {
    "grpc.keepalive_time_ms": 5_000,
    "grpc.keepalive_timeout_ms": 2_000,
    "grpc.keepalive_permit_without_calls": 1,
    // Fail fast on a member that is down, so the caller moves on to another one.
    "grpc.initial_reconnect_backoff_ms": 100,
    "grpc.max_reconnect_backoff_ms": 1_000,
    // The start-up listing of a large directory comes in one answer.
    "grpc.max_receive_message_length": 256 * 1024 * 1024,
  };
  const credentials = grpc.credentials.createInsecure();
  return {
    kv: new services.KV(address, credentials, options) as MemberStubs["kv"],
    lease: new services.Lease(address, credentials, options) as MemberStubs["lease"],
    watch: new services.Watch(address, credentials, options) as MemberStubs["watch"],
    maintenance: new services.Maintenance(address, credentials, options) as MemberStubs["maintenance"],
  };
}

/** Metadata that makes a member refuse (and end) streams while it has no leader, so a cut-off member is left. */
export function requireLeaderMetadata(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set("hasleader", "true");
  return metadata;
}
