import { createSwitchboard, type ShopRouter, type Switchboard } from "@switchboard/api/client";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";

// Seed 000's transcript, as its client.py prints it (the first line, the shop's address, varies).
const seedTranscript = [
  "",
  "*** Rashmi is doing shopping with BuyAnythingOnline:",
  "Log on",
  "Deposit money 100",
  "balance=100.00",
  "Rashmi is buying a book for 37$",
  "Log out",
  "",
  "*** Meeta is doing shopping with BuyAnythingOnline:",
  "Log on",
  "Deposit money 50",
  "balance=50.00",
  "Deposit money 50",
  "balance=100.00",
  "Log out",
  "",
  "",
  "",
  "",
  "The accounts in the BuyAnythingOnline:",
  "  Meeta : 100.00",
  "  Rashmi : 63.00",
  "",
];

describe("seed 000: the shop, across processes through the registry", () => {
  let system: RunningSystem;
  let shopApp: RunningApp;
  let switchboard: Switchboard;

  beforeAll(async () => {
    system = await startSystem();
    shopApp = await system.start("shop");
    switchboard = createSwitchboard({ registryUrl: system.registryUrl });
  });
  afterAll(async () => {
    switchboard.close();
    await system.stopAll();
  });

  it("npm run demo:shop prints the seed's transcript on a fresh database", async () => {
    const { code, stdout, stderr } = await runScript("scripts/demo-shop.ts", [], system.env);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [address, ...transcript] = stdout.split("\n");
    expect(address).toBe(shopApp.url);
    expect(transcript).toEqual(seedTranscript);
    // The seed's server prints "logout <name>"; ours logs it.
    expect(shopApp.logs.filter((line) => line.msg === "logout").map((line) => line.account)).toEqual([
      "Rashmi",
      "Meeta",
    ]);
  });

  it("prints the same transcript over the HTTP transport, on another fresh system", async () => {
    const overHttp = await startSystem();
    try {
      await overHttp.start("shop");
      const { code, stdout } = await runScript("scripts/demo-shop.ts", [], {
        ...overHttp.env,
        SWITCHBOARD_TRANSPORT: "http",
      });
      expect(code).toBe(0);
      expect(stdout.split("\n").slice(1)).toEqual(seedTranscript);
    } finally {
      await overHttp.stopAll();
    }
  });

  it("logging on again keeps the balance (the seed wiped it)", async () => {
    const shop = switchboard.connect("example.shop.Shop");
    await shop.logOn.mutate({ name: "Ken" });
    await shop.deposit.mutate({ name: "Ken", amountCents: 1_234 });
    const again = await shop.logOn.mutate({ name: "Ken" });
    expect(again).toEqual({ name: "Ken", balanceCents: 1_234 });
  });

  it("refuses an overdraft with PRECONDITION_FAILED and leaves the balance unchanged", async () => {
    const shop = switchboard.connect("example.shop.Shop");
    await shop.logOn.mutate({ name: "John" });
    await shop.deposit.mutate({ name: "John", amountCents: 1_200 });
    const refused = await shop.buy.mutate({ name: "John", priceCents: 3_700 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<ShopRouter>).data?.code).toBe("PRECONDITION_FAILED");
    expect((refused as Error).message).toBe("insufficient funds: balance 12.00, price 37.00");
    expect(await shop.balance.query({ name: "John" })).toEqual({ name: "John", balanceCents: 1_200 });
  });

  it.each([
    ["a negative amount", { name: "John", amountCents: -5 }, "amountCents: amount must be positive"],
    ["zero", { name: "John", amountCents: 0 }, "amountCents: amount must be positive"],
    [
      "a fraction of a cent",
      { name: "John", amountCents: 37.005 },
      "amountCents: amount must be a whole number of cents",
    ],
    ["a string", { name: "John", amountCents: "abc" }, "amountCents: amount must be a number of cents"],
    ["an empty name", { name: "  ", amountCents: 100 }, "name: account name must not be empty"],
  ])("rejects %s with BAD_REQUEST and changes nothing", async (_label, input, message) => {
    const shop = switchboard.connect("example.shop.Shop");
    const before = await shop.allAccounts.query();
    // Cast: the typed client would not even compile these inputs; the server must refuse them anyway.
    const refused = await shop.deposit
      .mutate(input as { name: string; amountCents: number })
      .catch((error: unknown) => error);
    expect((refused as TRPCClientError<ShopRouter>).data?.code).toBe("BAD_REQUEST");
    expect((refused as Error).message).toBe(message);
    expect(await shop.allAccounts.query()).toEqual(before);
  });

  it("names the unknown account", async () => {
    const shop = switchboard.connect("example.shop.Shop");
    const refused = await shop.balance.query({ name: "Nobody" }).catch((error: unknown) => error);
    expect((refused as TRPCClientError<ShopRouter>).data?.code).toBe("NOT_FOUND");
    expect((refused as Error).message).toBe("unknown account: Nobody");
  });

  it("keeps accounts across a shop restart", async () => {
    const before = await switchboard.connect("example.shop.Shop").allAccounts.query();
    expect(before.length).toBeGreaterThan(0);
    await shopApp.stop("SIGTERM");
    shopApp = await system.start("shop");
    // A fresh switchboard: nothing cached, the name resolves to the new process.
    const fresh = createSwitchboard({ registryUrl: system.registryUrl });
    try {
      expect(await fresh.connect("example.shop.Shop").allAccounts.query()).toEqual(before);
    } finally {
      fresh.close();
    }
  });
});
