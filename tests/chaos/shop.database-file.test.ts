import { renameSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";
import { makeUnwritable, makeWritable } from "../../scripts/lib/chaos/file-faults.ts";

// The shop's SQLite file removed (moved away) or made unwritable while a real shop process runs: calls are refused
// with SERVICE_UNAVAILABLE (nothing changed), the log names the file, and everything works again once it is back,
// with the file intact and the ledger exact.
describe("the shop's database file going away or unwritable while it runs", () => {
  let system: RunningSystem;
  let shop: RunningApp;
  let file: string;
  let session: string;
  let client: ReturnType<RunningSystem["switchboard"]>;
  let key = 0;
  const deposit = () =>
    client
      .connect("example.shop.Shop")
      .deposit.mutate({ session, amountCents: 100, idempotencyKey: `file-fault-${++key}` });

  beforeAll(async () => {
    system = await startSystem();
    shop = await system.start("shop");
    file = path.join(system.dataDir, "shop.db");
    client = system.switchboard({ timeoutMs: 5_000 });
    ({ session } = await client.connect("example.shop.Shop").signUp.mutate({ name: "Ada", password: "ada-password" }));
  });
  afterAll(() => system?.stopAll());

  const unusable = () =>
    shop.logs.filter((line) => line.msg === "database file unusable: calls refused until it is back");
  /** The log arrives over a pipe, shortly after the answer. */
  async function nextUnusable(seen: number): Promise<Record<string, unknown> | undefined> {
    for (let waited = 0; unusable().length <= seen && waited < 5_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return unusable().at(-1);
  }

  it("refuses calls while the file is moved away, names it in the log, and works again when it is back", async () => {
    await deposit();
    renameSync(file, `${file}.away`);
    try {
      await expect(deposit()).rejects.toMatchObject({
        data: { code: "SERVICE_UNAVAILABLE" },
        message: "the shop's database cannot be used right now; nothing was changed, try again later",
      });
      expect(await nextUnusable(0)).toMatchObject({ file, reason: expect.stringContaining("missing") as string });
    } finally {
      renameSync(`${file}.away`, file);
    }
    await expect(deposit()).resolves.toMatchObject({ balanceCents: 200 });
    await shop.waitForLog("database file usable again");
  });

  it("refuses a write the disk refuses (file and WAL immutable), names the file, and recovers when it is writable", async () => {
    const before = unusable().length;
    await makeUnwritable(file);
    try {
      await expect(deposit()).rejects.toMatchObject({ data: { code: "SERVICE_UNAVAILABLE" } });
      expect(await nextUnusable(before)).toMatchObject({
        file,
        reason: expect.stringContaining("cannot be written") as string,
      });
    } finally {
      await makeWritable(file);
    }
    await expect(deposit()).resolves.toMatchObject({ balanceCents: 300 });
  });

  it("leaves the file intact and the ledger exact: one entry per deposit answered", () => {
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const row = db
        .prepare(
          `SELECT a.balanceCents AS balance, COUNT(e.id) AS entries, SUM(e.amountCents) AS ledger
                  FROM Account a JOIN LedgerEntry e ON e.accountId = a.id WHERE a.name = 'Ada' GROUP BY a.id`,
        )
        .get() as { balance: number; entries: number; ledger: number };
      expect(row).toEqual({ balance: 300, entries: 3, ledger: 300 });
    } finally {
      db.close();
    }
  });
});
