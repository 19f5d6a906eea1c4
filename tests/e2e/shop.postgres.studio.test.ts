import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresCluster } from "../../scripts/lib/postgres.ts";
import { freePort, spawnTs, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

// npm run studio with SHOP_DATABASE_URL=postgres://…: Prisma Studio 7.10.1 on the shop's PostgreSQL database.

let cluster: PostgresCluster;
let system: RunningSystem;
let databaseUrl: string;
beforeAll(async () => {
  cluster = await startPostgres({ fast: true });
  databaseUrl = await cluster.createDatabase("shop");
  system = await startSystem({ SHOP_DATABASE_URL: databaseUrl });
}, 60_000);
afterAll(async () => {
  await system.stopAll();
  await cluster.stop();
});

describe("npm run studio on PostgreSQL", () => {
  it("opens the shop's live database without showing its password, and the ledger triggers still guard it", async () => {
    await system.start("shop");
    const shop = system.switchboard().connect("example.shop.Shop");
    const { session } = await shop.signUp.mutate({ name: "Meeta", password: "studio-test-password" });
    await shop.deposit.mutate({ session, amountCents: 5_000 });

    const port = await freePort();
    const studio = spawnTs("packages/studio/src/main.ts", [], { ...system.env, STUDIO_PORT: String(port) });
    try {
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Studio did not start:\n${output}`)), 30_000);
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("Prisma Studio is running")) {
            clearTimeout(timer);
            resolve();
          }
        };
        studio.stdout?.on("data", collect);
        studio.stderr?.on("data", collect);
        studio.once("exit", () => reject(new Error(`Studio exited:\n${output}`)));
      });
      expect(output).toContain(`Prisma Studio on postgresql://app:***@127.0.0.1:${cluster.port}/shop`);
      expect(output).not.toContain(cluster.password);

      // What Studio's own UI does to show or edit a table: a query through its backend endpoint.
      const query = async (sql: string) => {
        const response = await fetch(`http://localhost:${port}/bff`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ procedure: "query", query: { sql, parameters: [] } }),
        });
        return (await response.json()) as [unknown, unknown[] | null];
      };
      expect(await query(`SELECT "name", "balanceCents" FROM "Account"`)).toEqual([
        null,
        [{ name: "Meeta", balanceCents: 5_000 }],
      ]);
      const [refusal] = await query(`UPDATE "Account" SET "balanceCents" = 1000000`);
      // Studio passes PostgreSQL's error on without its message: restrict_violation, raised by the balance trigger.
      expect(refusal).toMatchObject({
        code: "23001",
        where: expect.stringContaining("Account_balance_is_kept") as string,
      });
      expect(await shop.balance.query({ session })).toMatchObject({ balanceCents: 5_000 });
    } finally {
      studio.kill("SIGTERM");
    }
  }, 60_000);
});
