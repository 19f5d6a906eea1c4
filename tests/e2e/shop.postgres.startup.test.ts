import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresCluster } from "../../scripts/lib/postgres.ts";
import { freePort, runScript, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

// A shop whose PostgreSQL database cannot be opened must say so plainly and stop, before it listens or registers.

let cluster: PostgresCluster;
let system: RunningSystem;
beforeAll(async () => {
  cluster = await startPostgres({ fast: true });
  system = await startSystem();
}, 60_000);
afterAll(async () => {
  await system.stopAll();
  await cluster.stop();
});

/** Starts a shop on `databaseUrl` and waits for it to exit; returns its exit code and everything it printed. */
async function startShopOn(databaseUrl: string) {
  const { code, stdout, stderr } = await runScript("apps/shop/src/main.ts", [], {
    ...system.env,
    SHOP_PORT: "0",
    SHOP_DATABASE_URL: databaseUrl,
  });
  return { code, output: stdout + stderr };
}

async function shopIsRegistered(): Promise<boolean> {
  const input = encodeURIComponent(JSON.stringify({ name: "example.shop.Shop" }));
  const response = await fetch(`${system.registryUrl}/trpc/lookup?input=${input}`);
  return response.ok;
}

async function tablesIn(databaseUrl: string): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    return rows.map((row) => row.tablename);
  } finally {
    await db.end();
  }
}

describe("the shop on PostgreSQL: a database it cannot open stops the start-up", () => {
  it("a wrong password: exit 1, a message naming SHOP_DATABASE_URL without the password, nothing written", async () => {
    const databaseUrl = await cluster.createDatabase();
    const wrongPassword = "Wrong-Password-0123";
    const { code, output } = await startShopOn(
      databaseUrl.replace(`:${encodeURIComponent(cluster.password)}@`, `:${wrongPassword}@`),
    );
    expect(code).toBe(1);
    expect(output).toContain("SHOP_DATABASE_URL: cannot open postgresql://app:***@127.0.0.1:");
    expect(output).toContain('password authentication failed for user \\"app\\"');
    expect(output).not.toContain(wrongPassword);
    expect(output).not.toContain(cluster.password);
    expect(output).not.toContain('"msg":"listening"');
    expect(await tablesIn(databaseUrl)).toEqual([]);
    expect(await shopIsRegistered()).toBe(false);
  }, 30_000);

  it("an unreachable server: exit 1 and a message naming SHOP_DATABASE_URL and the address", async () => {
    const port = await freePort();
    const { code, output } = await startShopOn(`postgresql://app:${cluster.password}@127.0.0.1:${port}/shop`);
    expect(code).toBe(1);
    expect(output).toContain(`SHOP_DATABASE_URL: cannot open postgresql://app:***@127.0.0.1:${port}/shop`);
    expect(output).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(output).not.toContain(cluster.password);
    expect(await shopIsRegistered()).toBe(false);
  }, 30_000);

  it("a database that does not exist: exit 1 and a message that says so", async () => {
    const { code, output } = await startShopOn(cluster.urlFor("no_such_database"));
    expect(code).toBe(1);
    expect(output).toContain('database \\"no_such_database\\" does not exist');
    expect(output).not.toContain(cluster.password);
  }, 30_000);

  it("a good URL: migrates the empty database and serves", async () => {
    const databaseUrl = await cluster.createDatabase();
    const shop = await system.start("shop", { SHOP_DATABASE_URL: databaseUrl });
    try {
      expect(await tablesIn(databaseUrl)).toEqual(
        expect.arrayContaining(["Account", "LedgerEntry", "LogOnThrottle", "Session", "_prisma_migrations"]),
      );
      expect(await shopIsRegistered()).toBe(true);
      expect(JSON.stringify(shop.logs)).not.toContain(cluster.password);
    } finally {
      await shop.stop();
    }
  }, 30_000);
});
