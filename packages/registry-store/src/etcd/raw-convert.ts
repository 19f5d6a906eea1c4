import type {
  EtcdCompare,
  EtcdEvent,
  EtcdKeyValue,
  EtcdOp,
  EtcdOpResult,
  EtcdTxn,
  EtcdTxnResult,
} from "./etcd-client.ts";
import type { RawEvent, RawHeader, RawKeyValue } from "./grpc-proto.ts";

/** Between protobuf's decoded objects (proto-loader: int64 as strings, bytes as Buffers) and etcd-client.ts's types. */

export function fromRawKeyValue(raw: RawKeyValue): EtcdKeyValue {
  return {
    key: raw.key.toString("utf8"),
    value: raw.value.toString("utf8"),
    createRevision: Number(raw.createRevision),
    modRevision: Number(raw.modRevision),
    lease: raw.lease,
  };
}

export function fromRawEvent(raw: RawEvent): EtcdEvent {
  return {
    type: raw.type === "DELETE" ? "delete" : "put",
    kv: fromRawKeyValue(raw.kv!),
    ...(raw.prevKv ? { prevKv: fromRawKeyValue(raw.prevKv) } : {}),
  };
}

export const revisionOf = (header: RawHeader | null | undefined) => Number(header?.revision ?? 0);

const compareResults = { equal: "EQUAL", greater: "GREATER", less: "LESS", notEqual: "NOT_EQUAL" } as const;
const compareFields = { create: "createRevision", mod: "modRevision", lease: "lease" } as const;

function toRawCompare(compare: EtcdCompare): object {
  return {
    key: Buffer.from(compare.key),
    ...(compare.rangeEnd !== undefined ? { rangeEnd: Buffer.from(compare.rangeEnd) } : {}),
    target: compare.target.toUpperCase(),
    result: compareResults[compare.result],
    [compareFields[compare.target]]: String(compare.value),
  };
}

function toRawOp(op: EtcdOp): object {
  if ("put" in op) {
    const { key, value, lease, prevKv } = op.put;
    return {
      requestPut: { key: Buffer.from(key), value: Buffer.from(value), lease: lease ?? "0", prevKv: prevKv ?? false },
    };
  }
  if ("delete" in op) {
    const { key, rangeEnd, prevKv } = op.delete;
    return {
      requestDeleteRange: {
        key: Buffer.from(key),
        ...(rangeEnd !== undefined ? { rangeEnd: Buffer.from(rangeEnd) } : {}),
        prevKv: prevKv ?? false,
      },
    };
  }
  if ("range" in op) {
    const { key, rangeEnd } = op.range;
    return {
      requestRange: { key: Buffer.from(key), ...(rangeEnd !== undefined ? { rangeEnd: Buffer.from(rangeEnd) } : {}) },
    };
  }
  return { requestTxn: toRawTxn(op.txn) };
}

export function toRawTxn(txn: EtcdTxn): object {
  return {
    compare: txn.compare.map(toRawCompare),
    success: txn.success.map(toRawOp),
    failure: (txn.failure ?? []).map(toRawOp),
  };
}

interface RawTxnResponse {
  header: RawHeader | null;
  succeeded: boolean;
  responses: Array<{
    responsePut?: { prevKv: RawKeyValue | null } | null;
    responseDeleteRange?: { deleted: string; prevKvs: RawKeyValue[] } | null;
    responseRange?: { kvs: RawKeyValue[] } | null;
    responseTxn?: RawTxnResponse | null;
  }>;
}

export function fromRawTxn(raw: RawTxnResponse, revision = revisionOf(raw.header)): EtcdTxnResult {
  const responses = raw.responses.map((response): EtcdOpResult => {
    if (response.responsePut) {
      const prevKv = response.responsePut.prevKv;
      return { put: prevKv ? { prevKv: fromRawKeyValue(prevKv) } : {} };
    }
    if (response.responseDeleteRange) {
      const { deleted, prevKvs } = response.responseDeleteRange;
      return { delete: { deleted: Number(deleted), prevKvs: prevKvs.map(fromRawKeyValue) } };
    }
    if (response.responseRange) return { range: { kvs: response.responseRange.kvs.map(fromRawKeyValue) } };
    // A nested transaction's response carries no header of its own: it happened at its parent's revision.
    return { txn: fromRawTxn(response.responseTxn!, revision) };
  });
  return { revision, succeeded: raw.succeeded, responses };
}

export type { RawTxnResponse };
