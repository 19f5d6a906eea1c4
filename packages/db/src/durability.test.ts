import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type DbClient } from "./client.ts";
import { openSqlite, type SqliteDatabase } from "./sqlite.ts";
import { openTestDatabase } from "./testing.ts";

// SQLite's `synchronous`: 2 is FULL (every commit synced), 1 is NORMAL (synced at checkpoints).
const opened: Array<DbClient | SqliteDatabase> = [];
afterEach(async () => {
  for (const connection of opened.splice(0)) {
    if ("$disconnect" in connection) await connection.$disconnect();
    else connection.close();
  }
});

async function prismaSynchronous(db: DbClient): Promise<number> {
  opened.push(db);
  const [row] = await db.$queryRawUnsafe<Array<{ synchronous: bigint | number }>>("PRAGMA synchronous");
  return Number(row?.synchronous);
}

describe("durability: how each connection commits", () => {
  it("syncs every commit by default, on the Prisma connection and on the plain one", async () => {
    const { db, sqlite } = openTestDatabase();
    opened.push(sqlite);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
    expect(await prismaSynchronous(db)).toBe(2);
  });

  it("syncs at checkpoints only when asked for NORMAL", async () => {
    const first = openTestDatabase();
    opened.push(first.db, first.sqlite);
    const sqlite = openSqlite(first.url, { durability: "NORMAL" });
    opened.push(sqlite);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(1);
    expect(await prismaSynchronous(openDatabase(first.url, "NORMAL"))).toBe(1);
  });
});
