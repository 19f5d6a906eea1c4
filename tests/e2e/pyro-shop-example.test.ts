import { createSwitchboard, type ShopRouter, type Switchboard } from "@switchboard/api/client";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";

// The Pyro4 shop example's transcript, as its client.py prints it (the first line, the shop's address, varies).
const originalTranscript = [
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

describe("the Pyro4 shop example: across processes through the registry", () => {
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

  it("npm run demo:shop prints the original's transcript on a fresh database", async () => {
    const { code, stdout, stderr } = await runScript("scripts/demo-shop.ts", [], system.env);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [address, ...transcript] = stdout.split("\n");
    expect(address).toBe(shopApp.url);
    expect(transcript).toEqual(originalTranscript);
    // The original server prints "logout <name>"; ours logs it.
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
      expect(stdout.split("\n").slice(1)).toEqual(originalTranscript);
    } finally {
      await overHttp.stopAll();
    }
  });

  it("a second run opens the accounts the first one created, and balances carry on", async () => {
    const { code, stdout } = await runScript("scripts/demo-shop.ts", [], system.env);
    expect(code).toBe(0);
    expect(stdout.split("\n").slice(-4)).toEqual([
      "The accounts in the BuyAnythingOnline:",
      "  Meeta : 200.00",
      "  Rashmi : 126.00",
      "",
    ]);
  });

  async function customer(name: string, cents: number) {
    const shop = switchboard.connect("example.shop.Shop");
    const { session } = await shop.signUp.mutate({ name, password: `${name}-password` });
    if (cents > 0) await shop.deposit.mutate({ session, amountCents: cents });
    return { shop, session };
  }

  it("logging on again keeps the balance (the original wiped it)", async () => {
    const { shop } = await customer("Ken", 1_234);
    const again = await shop.logOn.mutate({ name: "Ken", password: "Ken-password" });
    expect(again).toMatchObject({ name: "Ken", balanceCents: 1_234 });
  });

  it("refuses an overdraft with PRECONDITION_FAILED and leaves the balance unchanged", async () => {
    const { shop, session } = await customer("John", 1_200);
    const refused = await shop.buy
      .mutate({ session, priceCents: 3_700, item: "book" })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<ShopRouter>).data?.code).toBe("PRECONDITION_FAILED");
    expect((refused as Error).message).toBe("insufficient funds: balance 12.00, price 37.00");
    expect(await shop.balance.query({ session })).toEqual({ name: "John", balanceCents: 1_200 });
  });

  it.each([
    ["a negative amount", { amountCents: -5 }, "amountCents: amount must be positive"],
    ["zero", { amountCents: 0 }, "amountCents: amount must be positive"],
    ["a fraction of a cent", { amountCents: 37.005 }, "amountCents: amount must be a whole number of cents"],
    ["a string", { amountCents: "abc" }, "amountCents: amount must be a number of cents"],
    ["10^15 cents", { amountCents: 1e15 }, "amountCents: amount must be at most 100000000 cents"],
  ])("rejects %s with BAD_REQUEST and changes nothing", async (_label, input, message) => {
    const { shop, session } = await customer(`Bad input ${_label}`, 100);
    // Cast: the typed client would not even compile these inputs; the server must refuse them anyway.
    const refused = await shop.deposit
      .mutate({ session, ...input } as { session: string; amountCents: number })
      .catch((error: unknown) => error);
    expect((refused as TRPCClientError<ShopRouter>).data?.code).toBe("BAD_REQUEST");
    expect((refused as Error).message).toBe(message);
    expect(await shop.balance.query({ session })).toMatchObject({ balanceCents: 100 });
  });

  it("answers a wrong password and a made-up session with UNAUTHORIZED", async () => {
    const shop = switchboard.connect("example.shop.Shop");
    const wrong = await shop.logOn.mutate({ name: "Meeta", password: "guess" }).catch((error: unknown) => error);
    expect((wrong as TRPCClientError<ShopRouter>).data?.code).toBe("UNAUTHORIZED");
    expect((wrong as Error).message).toBe("wrong account name or password");
    const madeUp = await shop.balance.query({ session: "made-up" }).catch((error: unknown) => error);
    expect((madeUp as TRPCClientError<ShopRouter>).data?.code).toBe("UNAUTHORIZED");
    const operator = await shop.allAccounts.query({ operatorToken: "guess" }).catch((error: unknown) => error);
    expect((operator as TRPCClientError<ShopRouter>).data?.code).toBe("UNAUTHORIZED");
  });

  it("keeps accounts, balances and sessions across a shop restart", async () => {
    const { session } = await customer("Restart", 4_200);
    const operatorToken = system.shopOperatorToken;
    const before = await switchboard.connect("example.shop.Shop").allAccounts.query({ operatorToken });
    expect(before.length).toBeGreaterThan(0);
    await shopApp.stop("SIGTERM");
    shopApp = await system.start("shop");
    // A fresh switchboard: nothing cached, the name resolves to the new process.
    const fresh = createSwitchboard({ registryUrl: system.registryUrl });
    try {
      const shop = fresh.connect("example.shop.Shop");
      expect(await shop.allAccounts.query({ operatorToken })).toEqual(before);
      expect(await shop.balance.query({ session })).toEqual({ name: "Restart", balanceCents: 4_200 });
    } finally {
      fresh.close();
    }
  });
});
