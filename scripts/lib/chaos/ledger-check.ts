// The data check after a shop fault, on SQLite or PostgreSQL: every account's balance is the sum of its ledger and
// never went below zero, every operation a client was told was applied is in the ledger once (with the entry id it
// was told), nothing a client was told was refused is, and an operation that failed (its outcome unknown to the
// client, e.g. a timeout while the shop was frozen) is there at most once.
import Database from "better-sqlite3";
import pg from "pg";
import type { OperationRecord } from "../shop-workload.ts";

export interface LedgerCheck {
  ok: boolean;
  /** One line for the table: what was checked, or what was wrong. */
  detail: string;
}

interface AccountRow {
  name: string;
  balance: number;
  ledger: number;
  lowest: number;
}
interface EntryRow {
  key: string;
  id: number;
}

const accountsSql = `SELECT a."name" AS name, a."balanceCents" AS balance,
    SUM(CASE e."kind" WHEN 'deposit' THEN e."amountCents" ELSE -e."amountCents" END) AS ledger,
    MIN(e."balanceAfterCents") AS lowest
  FROM "Account" a JOIN "LedgerEntry" e ON e."accountId" = a."id" GROUP BY a."id", a."name", a."balanceCents"`;
const entriesSql = `SELECT "idempotencyKey" AS key, "id" AS id FROM "LedgerEntry" WHERE "idempotencyKey" LIKE 'client-%'`;

export function checkSqliteLedger(file: string, records: OperationRecord[]): LedgerCheck {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return { ok: false, detail: `integrity_check: ${String(integrity)}` };
    return compare(db.prepare(accountsSql).all() as AccountRow[], db.prepare(entriesSql).all() as EntryRow[], records);
  } finally {
    db.close();
  }
}

export async function checkPostgresLedger(url: string, records: OperationRecord[]): Promise<LedgerCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const accounts = (await client.query<AccountRow>(accountsSql)).rows.map((row) => ({
      ...row,
      balance: Number(row.balance),
      ledger: Number(row.ledger),
      lowest: Number(row.lowest),
    }));
    const entries = (await client.query<EntryRow>(entriesSql)).rows.map((row) => ({ ...row, id: Number(row.id) }));
    return compare(accounts, entries, records);
  } finally {
    await client.end();
  }
}

function compare(accounts: AccountRow[], entries: EntryRow[], records: OperationRecord[]): LedgerCheck {
  for (const account of accounts) {
    if (Number(account.balance) !== Number(account.ledger))
      return { ok: false, detail: `${account.name}: balance ${account.balance} ≠ ledger ${account.ledger}` };
    if (Number(account.lowest) < 0) return { ok: false, detail: `${account.name}: went below zero` };
  }
  const byKey = new Map(entries.map((entry) => [entry.key, Number(entry.id)]));
  if (byKey.size !== entries.length) return { ok: false, detail: "an idempotency key is in the ledger twice" };
  const outcomes = new Map(records.map((record) => [record.key, record]));
  let applied = 0;
  for (const record of records) {
    const id = byKey.get(record.key);
    if (record.outcome === "applied") {
      applied++;
      if (id !== record.entryId) return { ok: false, detail: `${record.key} answered applied, ledger has ${id}` };
    }
    if (record.outcome === "refused" && id !== undefined)
      return { ok: false, detail: `${record.key} answered refused, but is in the ledger` };
  }
  for (const key of byKey.keys())
    if (!outcomes.has(key)) return { ok: false, detail: `${key} is in the ledger, but no client sent it` };
  const unknown = records.filter((record) => record.outcome === "failed");
  const landed = unknown.filter((record) => byKey.has(record.key)).length;
  const tail = unknown.length > 0 ? `; ${landed} of ${unknown.length} failed calls applied (once)` : "";
  return { ok: true, detail: `exact: ${applied} applied = ledger, balances = sums${tail}` };
}
