import { openSqlite } from "@switchboard/db";
import { openTestDatabase } from "@switchboard/db/testing";
import { describe, expect, it } from "vitest";
import { whileLocked } from "./while-locked.ts";

describe("whileLocked: waiting for another connection's write lock without blocking the event loop", () => {
  it("runs the write once the lock is released, and this process keeps answering meanwhile", async () => {
    const { sqlite: holder, url } = openTestDatabase();
    const writer = openSqlite(url, { busyTimeoutMs: 5 });
    holder.exec("BEGIN IMMEDIATE");
    holder.prepare(`INSERT INTO Account (name, passwordHash) VALUES ('holder', 'x')`).run();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    setTimeout(() => holder.exec("COMMIT"), 300);

    const started = performance.now();
    const inserted = await whileLocked(() =>
      writer.prepare(`INSERT INTO Account (name, passwordHash) VALUES ('writer', 'x')`).run(),
    );
    clearInterval(ticker);

    expect(inserted.changes).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // A wait inside better-sqlite3 would have held the event loop the whole time: no tick.
    expect(ticks).toBeGreaterThan(10);
    const names = writer.prepare(`SELECT name FROM Account ORDER BY id`).pluck().all();
    expect(names).toEqual(["holder", "writer"]);
    holder.close();
    writer.close();
  });

  it("does not retry any other error, and lets it through at once", async () => {
    const { sqlite } = openTestDatabase();
    let tries = 0;
    await expect(
      whileLocked(() => {
        tries++;
        return sqlite.prepare(`INSERT INTO NoSuchTable VALUES (1)`).run();
      }),
    ).rejects.toThrow(/no such table/);
    expect(tries).toBe(1);
    sqlite.close();
  });
});
