import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";

interface Envelope {
  result?: { data: unknown };
  error?: { message: string; data: { code: string } };
}

// The shop acts only on the account of the session a call carries, on every path: whatever else the input names,
// whatever other calls share its batch or its WebSocket.
describe("the shop acts only on the session's own account, over HTTP, batches and WebSocket", () => {
  let system: RunningSystem;
  let shop: RunningApp;
  let meeta: string;
  let rashmi: string;

  const call = async (path: string, input: unknown): Promise<Envelope> => {
    const response = await fetch(`${shop.url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // A string is sent as it is: JSON text can carry an own `__proto__` key, which an object literal cannot.
      body: typeof input === "string" ? input : JSON.stringify(input),
    });
    return (await response.json()) as Envelope;
  };
  const data = async (path: string, input: unknown) => {
    const { result, error } = await call(path, input);
    if (!result) throw new Error(`${path}: ${error?.message}`);
    return result.data as Record<string, unknown>;
  };
  const accounts = () => data("allAccounts", { operatorToken: system.shopOperatorToken });

  beforeAll(async () => {
    system = await startSystem();
    shop = await system.start("shop");
    meeta = String((await data("signUp", { name: "Meeta", password: "meeta-password" })).session);
    rashmi = String((await data("signUp", { name: "Rashmi", password: "rashmi-password" })).session);
    await data("deposit", { session: rashmi, amountCents: 5_000 });
  }, 60_000);
  afterAll(() => system.stopAll());

  it("ignores every other account the input names: the session's account moves, no other", async () => {
    const moved = await data(
      "deposit",
      `{"session":"${meeta}","amountCents":1000,"name":"Rashmi","account":"Rashmi","accountId":2,"__proto__":{"session":"${rashmi}"},"constructor":{"prototype":{"session":"${rashmi}"}}}`,
    );
    expect(moved).toMatchObject({ balanceCents: 1_000 });
    expect(await accounts()).toEqual([
      { name: "Meeta", balanceCents: 1_000 },
      { name: "Rashmi", balanceCents: 5_000 },
    ]);
    const statement = await data("statement", { session: meeta, name: "Rashmi" });
    expect(statement).toMatchObject({ name: "Meeta", balanceCents: 1_000 });
    expect(statement.entries).toHaveLength(1);
  });

  it("in one batch, each call acts on its own session's account", async () => {
    const response = await fetch(`${shop.url}/trpc/buy,balance,balance?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        0: { session: rashmi, priceCents: 700, item: "pen" },
        1: { session: meeta },
        2: { session: rashmi },
      }),
    });
    const replies = (await response.json()) as Envelope[];
    expect(replies.map((reply) => reply.result?.data)).toEqual([
      expect.objectContaining({ balanceCents: 4_300 }),
      { name: "Meeta", balanceCents: 1_000 },
      { name: "Rashmi", balanceCents: 4_300 },
    ]);
  });

  it("refuses a session that is not exactly one (altered, padded, another case, ended) on every path", async () => {
    const { session: ended } = await data("logOn", { name: "Meeta", password: "meeta-password" });
    await data("logOut", { session: ended });
    const forged = [`${meeta}x`, meeta.slice(0, -1), ` ${meeta}`, meeta.toUpperCase(), String(ended), rashmi.slice(1)];
    const before = await accounts();
    for (const session of forged) {
      if (session === meeta || session === rashmi) continue;
      expect((await call("deposit", { session, amountCents: 100 })).error?.data.code).toBe("UNAUTHORIZED");
      expect((await call("statement", { session })).error?.data.code).toBe("UNAUTHORIZED");
    }
    const socket = new WebSocket(`${shop.url.replace(/^http/, "ws")}/trpc`);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const replies = new Map<unknown, Envelope>();
    const all = new Promise<void>((resolve) =>
      socket.on("message", (raw: WebSocket.RawData) => {
        const reply = JSON.parse((raw as Buffer).toString("utf8")) as Envelope & { id: unknown };
        replies.set(reply.id, reply);
        if (replies.size === forged.length + 1) resolve();
      }),
    );
    forged.forEach((session, id) =>
      socket.send(
        JSON.stringify({
          id,
          method: "mutation",
          params: { path: "buy", input: { session, priceCents: 1, item: "x" } },
        }),
      ),
    );
    socket.send(JSON.stringify({ id: "own", method: "query", params: { path: "balance", input: { session: meeta } } }));
    await all;
    socket.close();
    for (const id of forged.keys()) expect(replies.get(id)?.error?.data.code).toBe("UNAUTHORIZED");
    expect(replies.get("own")?.result?.data).toEqual({ name: "Meeta", balanceCents: 1_000 });
    expect(await accounts()).toEqual(before);
  });

  it("takes no session for the operator token, nor the operator token for a session", async () => {
    expect((await call("allAccounts", { operatorToken: meeta })).error?.data.code).toBe("UNAUTHORIZED");
    expect((await call("balance", { session: system.shopOperatorToken })).error?.data.code).toBe("UNAUTHORIZED");
  });
});
