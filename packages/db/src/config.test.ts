import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultDatabaseUrl, sqliteFileOf } from "./config.ts";

describe("defaultDatabaseUrl", () => {
  it("puts <app>.db in the data directory, which it creates readable by its owner only", () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "switchboard-config-")), "data");
    const url = defaultDatabaseUrl(dataDir, "shop");
    expect(sqliteFileOf(url)).toBe(path.join(dataDir, "shop.db"));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
