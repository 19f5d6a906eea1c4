import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChaosRow } from "../../scripts/lib/chaos/chaos-row.ts";
import {
  greeterFrozen,
  greeterKilled,
  registryFrozen,
  registryKilled,
} from "../../scripts/lib/chaos/scenarios-processes.ts";
import { shopFrozen } from "../../scripts/lib/chaos/scenarios-shop.ts";
import {
  idleWebSocketsRow,
  nonReaderRow,
  slowlorisRow,
  sseWatchersRow,
  startAbuseSystem,
  type AbuseSystem,
} from "../../scripts/lib/chaos/scenarios-abuse.ts";
import { textTable } from "../../scripts/lib/text-table.ts";

// The short version of `npm run chaos` (scripts/chaos.ts): the same scenarios at small sizes, against real processes.
// A shop SIGKILL is tests/e2e/shop.concurrency.test.ts and the shop's file faults tests/chaos/shop.database-file.test.ts;
// the figures are printed, the assertions are about outcomes (failed calls, data checks, refusals), not timings.
const rows: ChaosRow[] = [];
const record = (row: ChaosRow) => (rows.push(row), row);
afterAll(() => {
  console.log(
    textTable(
      ["fault", "calls", "failed", "recovery / normal call", "data check"],
      rows.map((row) => [row.fault, String(row.calls), String(row.failed), row.recovery, row.check]),
    ),
  );
});

describe("faults under load: every call answered, the directory and the ledger whole again", () => {
  it("registry SIGKILL and restart: no call fails, both greeters listed again", async () => {
    const row = record(await registryKilled("short"));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/^both greeters listed/);
  }, 60_000);

  it("registry frozen for three leases: no call fails and no lease is lost on waking", async () => {
    const row = record(await registryFrozen("short"));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/^both greeters listed/);
  }, 60_000);

  it("one of two greeters SIGKILLed: no call fails, the new one is listed", async () => {
    const row = record(await greeterKilled("short"));
    expect(row.failures).toEqual([]);
    expect(row.ok).toBe(true);
  }, 60_000);

  it("one of two greeters frozen for two leases: only calls caught on it fail (by timeout), it is listed again after", async () => {
    const row = record(await greeterFrozen("short"));
    expect(row.ok).toBe(true);
    for (const failure of row.failures ?? []) expect(failure).toMatch(/timed out/);
  }, 60_000);

  it("one of two shops frozen for two leases under the money workload: no call fails, the ledger is exact", async () => {
    const row = record(await shopFrozen("short", "SQLite"));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/^exact:/);
  }, 90_000);
});

describe("abusive clients from another address: refused clearly, the normal call answers throughout", () => {
  let abuse: AbuseSystem;
  beforeAll(async () => {
    abuse = await startAbuseSystem("short");
  }, 60_000);
  afterAll(() => abuse?.stop());

  it("slowloris past the per-address cap: refused 503, the normal call answers", async () => {
    const row = record(await slowlorisRow(abuse));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/refused: HTTP\/1\.1 503/);
    // Every refused socket reads its 503: none is reset before it could (the answer would be lost).
    expect(row.check).not.toMatch(/reset before an answer/);
  }, 30_000);

  it("idle WebSockets past the per-address cap: upgrades refused 503, the normal call answers", async () => {
    const row = record(await idleWebSocketsRow(abuse));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/refused: HTTP 503/);
  }, 30_000);

  it("SSE watch streams past the registry's maxStreams: refused 503 naming it, lookups answer", async () => {
    const row = record(await sseWatchersRow(abuse));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/\(maxStreams 100\)/);
  }, 30_000);

  it("a client that never reads its big replies is closed by the server, the normal call answers", async () => {
    const row = record(await nonReaderRow(abuse));
    expect(row.failures).toEqual([]);
    expect(row.check).toMatch(/closed by the server: close 10(08|06)/);
  }, 60_000);
});
