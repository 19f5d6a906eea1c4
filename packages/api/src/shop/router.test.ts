import { silentLogger } from "@switchboard/core/server";
import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ShopContext } from "./context.ts";
import { shopRouter } from "./router.ts";
import { maxAmountCents, maxBalanceCents } from "./schema.ts";
import { defaultSessionTtlMs } from "./sessions.ts";
import { closeTestStores, stopTestDatabases, testBackends, type TestBackend } from "./testing.ts";

// Every case runs twice: on a fresh SQLite file, and on a fresh database of a real PostgreSQL server (started by
// this file on a free loopback port). Same inputs, same answers, same guarantees.

const operatorToken = "operator-secret-for-tests";

afterEach(closeTestStores);
afterAll(stopTestDatabases, 30_000);

describe.each(testBackends)("on $name", (backend) => shopSuite(backend));

function shopSuite(backend: TestBackend) {
  async function openShop(overrides: Partial<ShopContext> = {}) {
    const { store, sql, secondStore } = await backend.open();
    const events: Array<{ event: string; fields: Record<string, unknown> }> = [];
    const clock = { now: Date.now() };
    const context = (shopStore = store): ShopContext => ({
      store: shopStore,
      log: { ...silentLogger, info: (fields, event) => void events.push({ event, fields }) },
      operatorToken,
      now: () => clock.now,
      ...overrides,
    });
    const caller = shopRouter.createCaller(context());
    /** Opens an account with `cents` in it and returns its session token. */
    async function customer(name: string, cents = 0): Promise<string> {
      const { session } = await caller.signUp({ name, password: `${name}-password` });
      if (cents > 0) await caller.deposit({ session, amountCents: cents });
      return session;
    }
    /** A caller of a second store on the same database: another shop process. */
    async function secondCaller() {
      return shopRouter.createCaller(context(await secondStore()));
    }
    return { sql, caller, events, clock, customer, secondCaller };
  }

  async function refusalOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return error instanceof TRPCError ? { code: error.code, message: error.message } : {};
  }

  async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
    return (await refusalOf(promise)).code;
  }

  describe("shop: accounts and sessions", () => {
    it("is called BuyAnythingOnline", async () => {
      expect(await (await openShop()).caller.name()).toBe("BuyAnythingOnline");
    });

    it("signs up, logs on with the password and gets a fresh opaque session each time", async () => {
      const { caller } = await openShop();
      const signedUp = await caller.signUp({ name: " Meeta ", password: "correct horse" });
      expect(signedUp).toMatchObject({ name: "Meeta", balanceCents: 0 });
      const loggedOn = await caller.logOn({ name: "Meeta", password: "correct horse" });
      expect(loggedOn).toEqual({
        name: "Meeta",
        balanceCents: 0,
        session: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
        expiresAt: expect.any(Number) as number,
      });
      expect(loggedOn.session).not.toBe(signedUp.session);
      expect(await caller.balance({ session: loggedOn.session })).toEqual({ name: "Meeta", balanceCents: 0 });
    });

    it("keeps the balance across log-ons (the original example wiped it)", async () => {
      const { caller, customer } = await openShop();
      await customer("Meeta", 5_000);
      expect(await caller.logOn({ name: "Meeta", password: "Meeta-password" })).toMatchObject({ balanceCents: 5_000 });
    });

    it("stores only a salted scrypt hash, and neither returns nor logs the password", async () => {
      const { caller, sql, events } = await openShop();
      const answers = [
        await caller.signUp({ name: "Meeta", password: "hunter2-hunter2" }),
        await caller.logOn({ name: "Meeta", password: "hunter2-hunter2" }),
      ];
      await caller.signUp({ name: "Rashmi", password: "hunter2-hunter2" });
      await codeOf(caller.logOn({ name: "Meeta", password: "wrong-password" }));
      const stored = await sql<{ passwordHash: string }>(`SELECT "passwordHash" FROM "Account" ORDER BY "id"`);
      expect(stored[0]?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      // Same password, different salts.
      expect(stored[0]?.passwordHash).not.toBe(stored[1]?.passwordHash);
      for (const text of [JSON.stringify(answers), JSON.stringify(events)]) {
        expect(text).not.toContain("hunter2");
        expect(text).not.toContain("scrypt");
      }
      expect(await sql(`SELECT "id" FROM "Session"`)).not.toContainEqual({ id: answers[1]?.session });
    });

    it("refuses a taken name with CONFLICT", async () => {
      const { caller, customer } = await openShop();
      await customer("Meeta");
      expect(await refusalOf(caller.signUp({ name: "Meeta", password: "another-password" }))).toEqual({
        code: "CONFLICT",
        message: "account name already taken: Meeta",
      });
    });

    it("gives one UNAUTHORIZED answer for a wrong password and an unknown account", async () => {
      const { caller, customer } = await openShop();
      await customer("Meeta");
      const wrongPassword = await refusalOf(caller.logOn({ name: "Meeta", password: "not-her-password" }));
      const unknownAccount = await refusalOf(caller.logOn({ name: "Nobody", password: "not-her-password" }));
      expect(wrongPassword).toEqual({ code: "UNAUTHORIZED", message: "wrong account name or password" });
      expect(unknownAccount).toEqual(wrongPassword);
    });

    it("slows down repeated failures for one name, then lets the owner in once the block has passed", async () => {
      const { caller, customer, clock } = await openShop();
      await customer("Meeta");
      for (let failure = 1; failure <= 6; failure++) {
        expect(await codeOf(caller.logOn({ name: "Meeta", password: `guess-${failure}` }))).toBe("UNAUTHORIZED");
      }
      // Six failures in a row: the name is blocked for a second, even for the right password.
      expect(await refusalOf(caller.logOn({ name: "Meeta", password: "Meeta-password" }))).toEqual({
        code: "TOO_MANY_REQUESTS",
        message: "too many failed log-ons for this name: try again in 1 s",
      });
      clock.now += 1_000;
      expect(await caller.logOn({ name: "Meeta", password: "Meeta-password" })).toMatchObject({ name: "Meeta" });
      // Success clears the count: the next mistake is free again.
      expect(await codeOf(caller.logOn({ name: "Meeta", password: "typo" }))).toBe("UNAUTHORIZED");
      expect(await codeOf(caller.logOn({ name: "Meeta", password: "Meeta-password" }))).toBeUndefined();
    });

    it("does not take a racing attempt for a block: an attempt whose clock was read a moment earlier gets in", async () => {
      const { caller, customer, clock } = await openShop();
      await customer("Meeta");
      clock.now += 5;
      expect(await codeOf(caller.logOn({ name: "Meeta", password: "typo" }))).toBe("UNAUTHORIZED");
      // Another process (or pooled connection) read its clock 5 ms earlier, and its statement arrives now.
      clock.now -= 5;
      expect(await caller.logOn({ name: "Meeta", password: "Meeta-password" })).toMatchObject({ name: "Meeta" });
    });

    it("throttles unknown names the same way, and never blocks longer than a minute", async () => {
      const { caller, clock } = await openShop();
      for (let failure = 1; failure <= 14; failure++) {
        expect(await codeOf(caller.logOn({ name: "Nobody", password: "guess" }))).toBe("UNAUTHORIZED");
        clock.now += 60_000;
      }
      clock.now -= 60_000;
      expect(await refusalOf(caller.logOn({ name: "Nobody", password: "guess" }))).toEqual({
        code: "TOO_MANY_REQUESTS",
        message: "too many failed log-ons for this name: try again in 60 s",
      });
    });

    it("ends a session at logOut, and logs it like the original example's server printed it", async () => {
      const { caller, customer, events } = await openShop();
      const session = await customer("Rashmi");
      expect(await caller.logOut({ session })).toEqual({ name: "Rashmi" });
      expect(events.filter((e) => e.event === "logout")).toEqual([{ event: "logout", fields: { account: "Rashmi" } }]);
      expect(await refusalOf(caller.balance({ session }))).toEqual({
        code: "UNAUTHORIZED",
        message: "session expired or unknown: log on again",
      });
      expect(await codeOf(caller.deposit({ session, amountCents: 100 }))).toBe("UNAUTHORIZED");
    });

    it("refuses a session after it expires", async () => {
      const { caller, customer, clock } = await openShop();
      const session = await customer("Meeta");
      clock.now += defaultSessionTtlMs - 1;
      expect(await caller.balance({ session })).toMatchObject({ name: "Meeta" });
      clock.now += 1;
      expect(await codeOf(caller.balance({ session }))).toBe("UNAUTHORIZED");
      expect(await codeOf(caller.buy({ session, priceCents: 1, item: "pen" }))).toBe("UNAUTHORIZED");
    });

    it("acts on the session's own account only", async () => {
      const { caller, customer } = await openShop();
      const meeta = await customer("Meeta", 1_000);
      const rashmi = await customer("Rashmi", 2_000);
      await caller.buy({ session: rashmi, priceCents: 500, item: "book" });
      expect(await caller.balance({ session: meeta })).toEqual({ name: "Meeta", balanceCents: 1_000 });
      expect(await caller.balance({ session: rashmi })).toEqual({ name: "Rashmi", balanceCents: 1_500 });
      expect(await codeOf(caller.balance({ session: "made-up-token" }))).toBe("UNAUTHORIZED");
    });

    it("shows all accounts only to the operator", async () => {
      const { caller, customer } = await openShop();
      await customer("Rashmi", 6_300);
      await customer("Meeta", 10_000);
      expect(await caller.allAccounts({ operatorToken })).toEqual([
        { name: "Meeta", balanceCents: 10_000 },
        { name: "Rashmi", balanceCents: 6_300 },
      ]);
      expect(await refusalOf(caller.allAccounts({ operatorToken: "guess" }))).toEqual({
        code: "UNAUTHORIZED",
        message: "wrong operator token",
      });
      const unconfigured = await openShop({ operatorToken: undefined });
      expect(await codeOf(unconfigured.caller.allAccounts({ operatorToken }))).toBe("FORBIDDEN");
    });
  });

  describe("shop: money and the ledger", () => {
    it("deposits and buys in integer cents, returning the new balance and the ledger entry", async () => {
      const { caller, customer, clock } = await openShop();
      const session = await customer("Rashmi");
      expect(await caller.deposit({ session, amountCents: 10_000 })).toEqual({
        balanceCents: 10_000,
        entry: {
          id: expect.any(Number) as number,
          kind: "deposit",
          amountCents: 10_000,
          item: null,
          balanceAfterCents: 10_000,
          createdAt: clock.now,
        },
      });
      expect(await caller.buy({ session, priceCents: 3_700, item: "  a book " })).toMatchObject({
        balanceCents: 6_300,
        entry: { kind: "purchase", amountCents: 3_700, item: "a book", balanceAfterCents: 6_300 },
      });
    });

    it("refuses a purchase the balance does not cover with the balance and price, and changes nothing", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("John", 1_200);
      expect(await refusalOf(caller.buy({ session, priceCents: 3_700, item: "book" }))).toEqual({
        code: "PRECONDITION_FAILED",
        message: "insufficient funds: balance 12.00, price 37.00",
      });
      const statement = await caller.statement({ session });
      expect(statement.balanceCents).toBe(1_200);
      expect(statement.entries).toHaveLength(1);
    });

    it("never overdraws under concurrent purchases: 50 buys of 10.00 against 100.00 → exactly 10 succeed", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Ken", 10_000);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => caller.buy({ session, priceCents: 1_000, item: "ticket" })),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
      // And the other 40 are the customer's answer, not a database error that happened to stop them.
      const refusals = results.flatMap((result) => (result.status === "rejected" ? [result.reason as TRPCError] : []));
      expect(new Set(refusals.map((error) => error.message))).toEqual(
        new Set(["insufficient funds: balance 0.00, price 10.00"]),
      );
      expect(await caller.balance({ session })).toEqual({ name: "Ken", balanceCents: 0 });
    });

    it("loses no deposit under concurrency", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Ken");
      await Promise.all(Array.from({ length: 100 }, () => caller.deposit({ session, amountCents: 1 })));
      expect(await caller.balance({ session })).toEqual({ name: "Ken", balanceCents: 100 });
    });

    it("refuses a deposit that would exceed the balance limit, and changes nothing", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Rich");
      for (let deposit = 0; deposit < maxBalanceCents / maxAmountCents; deposit++) {
        await caller.deposit({ session, amountCents: maxAmountCents });
      }
      const before = await caller.balance({ session });
      expect(before.balanceCents).toBe(maxBalanceCents);
      expect(await refusalOf(caller.deposit({ session, amountCents: 1 }))).toEqual({
        code: "PRECONDITION_FAILED",
        message: "balance limit: balance 20000000.00 + deposit 0.01 exceeds 20000000.00",
      });
      expect(await caller.balance({ session })).toEqual(before);
    });

    it.each([
      ["negative", -5],
      ["zero", 0],
      ["fractional", 37.005],
      // What JSON.parse makes of the text 1e309.
      ["infinite (1e309)", Number("1e309")],
      ["huge (10^15)", 10 ** 15],
      ["just over the bound", maxAmountCents + 1],
      ["not a number", "abc"],
    ])("rejects a %s amount with BAD_REQUEST and changes nothing", async (_label, amount) => {
      const { caller, customer } = await openShop();
      const session = await customer("Meeta", 500);
      const amountCents = amount as number;
      expect(await codeOf(caller.deposit({ session, amountCents }))).toBe("BAD_REQUEST");
      expect(await codeOf(caller.buy({ session, priceCents: amountCents, item: "book" }))).toBe("BAD_REQUEST");
      const statement = await caller.statement({ session });
      expect(statement.balanceCents).toBe(500);
      expect(statement.entries).toHaveLength(1);
    });

    it("rejects bad names, passwords, items and keys with BAD_REQUEST", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Meeta", 500);
      expect(await codeOf(caller.signUp({ name: "   ", password: "long-enough" }))).toBe("BAD_REQUEST");
      expect(await codeOf(caller.signUp({ name: "x".repeat(65), password: "long-enough" }))).toBe("BAD_REQUEST");
      expect(await codeOf(caller.signUp({ name: "Short", password: "1234567" }))).toBe("BAD_REQUEST");
      expect(await codeOf(caller.buy({ session, priceCents: 100, item: " " }))).toBe("BAD_REQUEST");
      expect(await codeOf(caller.deposit({ session, amountCents: 100, idempotencyKey: "has space" }))).toBe(
        "BAD_REQUEST",
      );
      expect(await caller.allAccounts({ operatorToken })).toEqual([{ name: "Meeta", balanceCents: 500 }]);
    });

    it("lists the statement newest first, a page at a time", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Meeta");
      for (let cents = 1; cents <= 5; cents++) await caller.deposit({ session, amountCents: cents * 100 });
      await caller.buy({ session, priceCents: 250, item: "pen" });
      const first = await caller.statement({ session, limit: 4 });
      expect(first.entries.map((e) => [e.kind, e.amountCents, e.balanceAfterCents])).toEqual([
        ["purchase", 250, 1_250],
        ["deposit", 500, 1_500],
        ["deposit", 400, 1_000],
        ["deposit", 300, 600],
      ]);
      expect(first.nextBefore).toBe(first.entries[3]?.id);
      const second = await caller.statement({ session, limit: 4, before: first.nextBefore ?? undefined });
      expect(second.entries.map((e) => e.amountCents)).toEqual([200, 100]);
      expect(second.nextBefore).toBeNull();
    });
  });

  describe("shop: idempotent retries", () => {
    it("applies a retried deposit once and answers the first result, even after the balance moved on", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Meeta");
      const first = await caller.deposit({ session, amountCents: 5_000, idempotencyKey: "deposit-1" });
      await caller.deposit({ session, amountCents: 100 });
      expect(await caller.deposit({ session, amountCents: 5_000, idempotencyKey: "deposit-1" })).toEqual(first);
      expect(await caller.balance({ session })).toMatchObject({ balanceCents: 5_100 });
    });

    it("answers a retried purchase with its first result, not with insufficient funds", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Rashmi", 10_000);
      const first = await caller.buy({ session, priceCents: 6_000, item: "chair", idempotencyKey: "order-7" });
      expect(await caller.buy({ session, priceCents: 6_000, item: "chair", idempotencyKey: "order-7" })).toEqual(first);
      expect(await caller.balance({ session })).toMatchObject({ balanceCents: 4_000 });
    });

    it("applies concurrent retries of one key exactly once", async () => {
      const { caller, customer } = await openShop();
      const session = await customer("Ken");
      const results = await Promise.all(
        Array.from({ length: 20 }, () => caller.deposit({ session, amountCents: 700, idempotencyKey: "same" })),
      );
      expect(new Set(results.map((result) => result.entry.id)).size).toBe(1);
      expect(await caller.balance({ session })).toMatchObject({ balanceCents: 700 });
    });

    it("refuses a key reused for a different operation with CONFLICT, and keys belong to one account", async () => {
      const { caller, customer } = await openShop();
      const meeta = await customer("Meeta", 1_000);
      const rashmi = await customer("Rashmi", 1_000);
      await caller.deposit({ session: meeta, amountCents: 100, idempotencyKey: "k1" });
      expect(await refusalOf(caller.deposit({ session: meeta, amountCents: 200, idempotencyKey: "k1" }))).toEqual({
        code: "CONFLICT",
        message: "idempotency key already used for another operation: deposit of 1.00",
      });
      expect(await codeOf(caller.buy({ session: meeta, priceCents: 100, item: "pen", idempotencyKey: "k1" }))).toBe(
        "CONFLICT",
      );
      expect(await caller.deposit({ session: rashmi, amountCents: 100, idempotencyKey: "k1" })).toMatchObject({
        balanceCents: 1_100,
      });
    });
  });

  describe("shop: the ledger invariant", () => {
    it("holds for every account after a random concurrent workload: balance = deposits − purchases", async () => {
      const { caller, customer, sql } = await openShop();
      const sessions = await Promise.all(["A", "B", "C", "D"].map((name) => customer(`account-${name}`)));
      const settled = await Promise.allSettled(randomWorkload(sessions, 400, () => caller));
      const refused = settled.flatMap((result) => (result.status === "rejected" ? [result.reason as TRPCError] : []));
      // Every refusal is one the rules allow: an uncovered purchase, or a key reused for something else.
      expect(new Set(refused.map((error) => error.code))).toEqual(new Set(["PRECONDITION_FAILED", "CONFLICT"]));
      await expectExactLedger(sql, 4);
    });

    it("holds with two shop processes on one database racing on the same accounts", async () => {
      const { caller, customer, sql, secondCaller } = await openShop();
      const other = await secondCaller();
      const sessions = await Promise.all(["A", "B", "C"].map((name) => customer(`account-${name}`, 20_000)));
      let turn = 0;
      const settled = await Promise.allSettled(randomWorkload(sessions, 600, () => (turn++ % 2 ? other : caller)));
      const refused = settled.flatMap((result) => (result.status === "rejected" ? [result.reason as TRPCError] : []));
      for (const error of refused) expect(["PRECONDITION_FAILED", "CONFLICT"]).toContain(error.code);
      await expectExactLedger(sql, 3);
    });
  });
}

type ShopCaller = ReturnType<typeof shopRouter.createCaller>;

/** `count` random deposits and purchases (a fifth with keys shared between operations), all started at once. */
function randomWorkload(sessions: string[], count: number, callerFor: () => ShopCaller) {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, index) => {
    const session = sessions[Math.floor(random() * sessions.length)] ?? "";
    const amountCents = 1 + Math.floor(random() * 5_000);
    const idempotencyKey = random() < 0.2 ? `key-${index % 50}` : undefined;
    const caller = callerFor();
    return random() < 0.5
      ? caller.deposit({ session, amountCents, idempotencyKey })
      : caller.buy({ session, priceCents: amountCents, item: "thing", idempotencyKey });
  });
}

/**
 * For every account: balance = deposits − purchases, never below zero, and each entry's balanceAfterCents is exactly
 * the running total of the entries before it, in id order — so no two movements of one account ever interleaved.
 */
async function expectExactLedger(sql: <Row>(text: string) => Promise<Row[]>, accountCount: number) {
  const sums = await sql<{ name: string; balanceCents: number; ledger: number | string }>(
    `SELECT a."name", a."balanceCents",
       COALESCE(SUM(CASE e."kind" WHEN 'deposit' THEN e."amountCents" ELSE -e."amountCents" END), 0) AS "ledger"
     FROM "Account" a LEFT JOIN "LedgerEntry" e ON e."accountId" = a."id" GROUP BY a."id"`,
  );
  expect(sums).toHaveLength(accountCount);
  for (const account of sums) {
    expect(Number(account.ledger)).toBe(Number(account.balanceCents));
    expect(Number(account.balanceCents)).toBeGreaterThanOrEqual(0);
  }
  const entries = await sql<{ accountId: number; kind: string; amountCents: number; balanceAfterCents: number }>(
    `SELECT "accountId", "kind", "amountCents", "balanceAfterCents" FROM "LedgerEntry" ORDER BY "accountId", "id"`,
  );
  const running = new Map<number, number>();
  for (const entry of entries) {
    const before = running.get(entry.accountId) ?? 0;
    const after = before + (entry.kind === "deposit" ? entry.amountCents : -entry.amountCents);
    expect(entry.balanceAfterCents).toBe(after);
    running.set(entry.accountId, after);
  }
}
