import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, spawnTs, startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

describe("npm run studio: Prisma Studio on the shop's database", () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.stopAll());

  it("opens the live shop.db of the data directory, on loopback, and sees accounts and ledger entries", async () => {
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
        studio.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("Prisma Studio is running")) {
            clearTimeout(timer);
            resolve();
          }
        });
        studio.once("exit", () => reject(new Error(`Studio exited:\n${output}`)));
      });
      expect(output).toContain(`${system.dataDir}/shop.db`);

      // What Studio's own UI does to show a table: a query through its backend endpoint.
      const query = async (sql: string) => {
        const response = await fetch(`http://localhost:${port}/bff`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ procedure: "query", query: { sql, parameters: [] } }),
        });
        return (await response.json()) as [unknown, unknown[]];
      };
      expect(await query(`SELECT name, balanceCents FROM Account`)).toEqual([
        null,
        [{ name: "Meeta", balanceCents: 5_000 }],
      ]);
      expect(await query(`SELECT kind, amountCents FROM LedgerEntry`)).toEqual([
        null,
        [{ kind: "deposit", amountCents: 5_000 }],
      ]);
      // Secure by default: Studio listens on loopback only.
      const external = Object.values((await import("node:os")).networkInterfaces())
        .flat()
        .find((address) => address && address.family === "IPv4" && !address.internal);
      if (external) {
        await expect(fetch(`http://${external.address}:${port}/`)).rejects.toThrow();
      }
    } finally {
      studio.kill("SIGTERM");
    }
  });
});
