export { createPrismaRegistryStore } from "./prisma-store.ts";
export { openSqliteRegistry, type SqliteRegistry } from "./open-sqlite-registry.ts";
export { claimSqliteFile, SqliteFileTakenError } from "./sqlite-owner-lock.ts";
export {
  EtcdStartupError,
  openEtcdRegistry,
  type EtcdRegistry,
  type OpenEtcdRegistryOptions,
} from "./etcd/open-etcd-registry.ts";
