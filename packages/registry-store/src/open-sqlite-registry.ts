import { openDatabase, sqliteFileOf } from "@switchboard/db";
import { RegistryEventLog, withMemoryIndex, type RegistryStore } from "@switchboard/core/registry";
import { createPrismaRegistryStore } from "./prisma-store.ts";
import { resumeLeasesAfterDowntime } from "./resume-leases.ts";
import { claimSqliteFile } from "./sqlite-owner-lock.ts";

export interface SqliteRegistry {
  store: RegistryStore;
  events: RegistryEventLog;
  close(): Promise<void>;
}

/**
 * One registry process on a SQLite file: claims the file (a second process fails at start-up, naming the variable),
 * applies migrations, gives the leases it held back the time it was down, serves reads from memory, and numbers its
 * events `<boot id>:<sequence>`.
 */
export async function openSqliteRegistry(databaseUrl: string): Promise<SqliteRegistry> {
  const release = claimSqliteFile(sqliteFileOf(databaseUrl), databaseUrl);
  try {
    // Leases, renewed every few seconds: a power loss that rolls back the last heartbeats costs nothing, and syncing
    // every heartbeat would cut how many one registry takes.
    const db = openDatabase(databaseUrl, "NORMAL");
    const events = new RegistryEventLog();
    await resumeLeasesAfterDowntime(db, Date.now());
    const store = await withMemoryIndex(createPrismaRegistryStore(db), Date.now(), (kind, instance, at) =>
      events.append(kind, instance, at),
    );
    return {
      store,
      events,
      async close() {
        await db.$disconnect();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
