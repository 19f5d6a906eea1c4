import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "./migrate.ts";

// The ledger invariant is the database's job, not only the shop router's: any writer (a script, Prisma Studio)
// goes through these triggers. These tests write with plain SQL, as such a writer would.

function migratedDatabase(): Database.Database {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "switchboard-ledger-")), "shop.db");
  applyMigrations(file);
  const db = new Database(file);
  db.prepare(`INSERT INTO Account (name, passwordHash) VALUES ('Meeta', 'x')`).run();
  return db;
}

const insertEntry = (db: Database.Database, kind: string, amountCents: number) =>
  db
    .prepare(
      `INSERT INTO LedgerEntry (accountId, kind, amountCents, balanceAfterCents, createdAt) VALUES (1, ?, ?, 0, 0)`,
    )
    .run(kind, amountCents);

const balanceOf = (db: Database.Database) =>
  db.prepare(`SELECT balanceCents FROM Account WHERE id = 1`).pluck().get() as number;

describe("ledger triggers", () => {
  it("move the balance in the same statement that inserts an entry", () => {
    const db = migratedDatabase();
    insertEntry(db, "deposit", 10_000);
    insertEntry(db, "purchase", 3_700);
    expect(balanceOf(db)).toBe(6_300);
  });

  it("refuse an entry that would overdraw, and keep neither the entry nor the balance change", () => {
    const db = migratedDatabase();
    insertEntry(db, "deposit", 1_200);
    expect(() => insertEntry(db, "purchase", 3_700)).toThrow("balance out of bounds");
    expect(balanceOf(db)).toBe(1_200);
    expect(db.prepare(`SELECT count(*) FROM LedgerEntry`).pluck().get()).toBe(1);
  });

  it.each([
    ["an unknown kind", "refund", 100],
    ["a zero amount", "deposit", 0],
    ["a negative amount", "deposit", -5],
  ])("refuse %s", (_label, kind, amount) => {
    const db = migratedDatabase();
    expect(() => insertEntry(db, kind, amount)).toThrow("ledger entry must be");
    expect(balanceOf(db)).toBe(0);
  });

  it("keep the ledger append-only", () => {
    const db = migratedDatabase();
    insertEntry(db, "deposit", 500);
    expect(() => db.prepare(`UPDATE LedgerEntry SET amountCents = 1`).run()).toThrow("append-only");
    expect(() => db.prepare(`DELETE FROM LedgerEntry`).run()).toThrow("append-only");
  });

  it("open accounts empty: money only enters through the ledger", () => {
    const db = migratedDatabase();
    expect(() =>
      db.prepare(`INSERT INTO Account (name, passwordHash, balanceCents) VALUES ('Rich', 'x', 100)`).run(),
    ).toThrow("zero balance");
  });
});

describe("migration 1 on a database with accounts from before the ledger", () => {
  it("turns each balance into an opening entry and leaves the account unable to log on", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "switchboard-ledger-")), "old.db");
    // The database as 0_init left it, with Prisma's bookkeeping saying so, and two accounts from that time.
    const old = new Database(file);
    old.exec(readFileSync(new URL("../prisma/migrations/0_init/migration.sql", import.meta.url), "utf8"));
    old.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0);
       INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name) VALUES ('x', 'x', 1, '0_init');
       INSERT INTO Account (name, balanceCents, updatedAt) VALUES ('Meeta', 10000, 0), ('Rashmi', 0, 0);`);
    old.close();
    expect(applyMigrations(file)).toEqual(["1_shop_ledger"]);
    const migrated = new Database(file, { readonly: true });
    expect(migrated.prepare(`SELECT name, balanceCents, passwordHash FROM Account ORDER BY name`).all()).toEqual([
      { name: "Meeta", balanceCents: 10_000, passwordHash: "" },
      { name: "Rashmi", balanceCents: 0, passwordHash: "" },
    ]);
    expect(migrated.prepare(`SELECT accountId, kind, amountCents, item FROM LedgerEntry`).all()).toEqual([
      { accountId: 1, kind: "deposit", amountCents: 10_000, item: "opening balance" },
    ]);
  });
});
