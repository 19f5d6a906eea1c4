import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "./migrate.ts";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const prismaCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
  "build/index.js",
);

/** Runs the Prisma CLI from this package (where its config is) against one database file. */
function prisma(args: string[], file: string): string {
  return execFileSync(process.execPath, [prismaCli, ...args], {
    cwd: packageRoot,
    env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
}

function freshFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "switchboard-migrate-")), "app.db");
}

describe("applyMigrations", () => {
  it("creates the schema on an empty file, in WAL mode, and is a no-op the second time", () => {
    const file = freshFile();
    expect(applyMigrations(file)).toEqual(["0_init", "1_shop_ledger"]);
    expect(applyMigrations(file)).toEqual([]);
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(["Account", "Registration", "_prisma_migrations"]));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("keeps Prisma's bookkeeping, so `prisma migrate status` agrees that nothing is pending", () => {
    const file = freshFile();
    applyMigrations(file);
    const output = prisma(["migrate", "status"], file);
    expect(output).toContain("Database schema is up to date!");
  });

  it("the committed migrations produce exactly the schema in schema.prisma (no drift)", () => {
    const migrated = freshFile();
    applyMigrations(migrated);
    // What the schema alone produces: Prisma's own SQL for it, from nothing, applied to a scratch database.
    // (Not `prisma db push`: on a fresh checkout its CLI lingers for a minute after finishing.)
    const fromSchema = freshFile();
    const sql = prisma(
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      fromSchema,
    );
    const scratch = new Database(fromSchema);
    scratch.exec(sql);
    scratch.close();
    expect(schemaOf(migrated)).toEqual(schemaOf(fromSchema));
  });
});

/**
 * Tables and indexes with their SQL, without SQLite's and Prisma's own bookkeeping. Triggers are left out: Prisma's
 * schema cannot express them, so they live only in the migrations (and ledger-triggers.test.ts checks them).
 */
function schemaOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all();
  } finally {
    db.close();
  }
}
