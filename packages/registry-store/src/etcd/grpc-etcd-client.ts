import * as grpc from "@grpc/grpc-js";
import type { EtcdClient, EtcdRange, EtcdTxn, EtcdTxnResult, EtcdWatch, EtcdWatchOptions } from "./etcd-client.ts";
import type { RawHeader, RawKeyValue } from "./grpc-proto.ts";
import { KeepAliveStreams } from "./keepalive-streams.ts";
import { MemberPool, type MemberPoolOptions } from "./member-pool.ts";
import { fromRawKeyValue, fromRawTxn, revisionOf, toRawTxn, type RawTxnResponse } from "./raw-convert.ts";
import { resilientWatch } from "./resilient-watch.ts";

export interface GrpcEtcdClientOptions extends MemberPoolOptions {
  /** Concurrent LeaseKeepAlive streams (a member answers each stream's keep-alives one at a time). */
  keepAliveStreams?: number;
}

/** etcd's v3 API over gRPC (@grpc/grpc-js), with failover between `endpoints` (`http://host:port`). */
export function createGrpcEtcdClient(endpoints: string[], options: GrpcEtcdClientOptions = {}): EtcdClient {
  const pool = new MemberPool(endpoints, options);
  const keepAlives = new KeepAliveStreams(pool, options.keepAliveStreams ?? 4);
  let clusterId: string | undefined;

  return {
    async clusterId(idOptions = {}) {
      if (clusterId) return clusterId;
      const status = await pool.unary<{ header: RawHeader }>("maintenance", "status", {}, idOptions);
      clusterId = BigInt(status.header.clusterId).toString(16);
      return clusterId;
    },

    async range(key, rangeOptions = {}): Promise<EtcdRange> {
      const response = await pool.unary<{ header: RawHeader; kvs: RawKeyValue[]; count: string }>("kv", "range", {
        key: Buffer.from(key),
        ...(rangeOptions.rangeEnd !== undefined ? { rangeEnd: Buffer.from(rangeOptions.rangeEnd) } : {}),
        revision: String(rangeOptions.revision ?? 0),
        countOnly: rangeOptions.countOnly ?? false,
      });
      return {
        revision: revisionOf(response.header),
        kvs: response.kvs.map(fromRawKeyValue),
        count: Number(response.count),
      };
    },

    async txn(txn: EtcdTxn): Promise<EtcdTxnResult> {
      return fromRawTxn(await pool.unary<RawTxnResponse>("kv", "txn", toRawTxn(txn)));
    },

    async compact(revision) {
      await pool.unary("kv", "compact", { revision: String(revision), physical: true });
    },

    async grantLease(ttlSeconds) {
      const response = await pool.unary<{ ID: string; TTL: string; error: string }>("lease", "leaseGrant", {
        TTL: String(ttlSeconds),
        ID: "0",
      });
      if (response.error) throw new Error(`etcd refused a lease: ${response.error}`);
      return { id: response.ID, ttlSeconds: Number(response.TTL) };
    },

    async revokeLease(id) {
      try {
        await pool.unary("lease", "leaseRevoke", { ID: id });
        return true;
      } catch (error) {
        if ((error as grpc.ServiceError).code === grpc.status.NOT_FOUND) return false;
        throw error;
      }
    },

    keepAlive: (id) => keepAlives.keepAlive(id),

    async leaseKeys(id) {
      try {
        const response = await pool.unary<{ TTL: string; keys: Buffer[] }>("lease", "leaseTimeToLive", {
          ID: id,
          keys: true,
        });
        // TTL counts whole seconds left (0 in a lease's last second); etcd says -1 for a lease it does not know.
        const ttlSeconds = Number(response.TTL);
        return ttlSeconds < 0 ? null : { ttlSeconds, keys: response.keys.map((key) => key.toString("utf8")) };
      } catch (error) {
        if ((error as grpc.ServiceError).code === grpc.status.NOT_FOUND) return null;
        throw error;
      }
    },

    watch: (watchOptions: EtcdWatchOptions): EtcdWatch => resilientWatch(pool, watchOptions),

    close() {
      keepAlives.close();
      pool.close();
    },
  };
}
