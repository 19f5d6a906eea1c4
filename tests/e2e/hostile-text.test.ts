import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningApp, type RunningSystem } from "../../scripts/lib/processes.ts";

interface Envelope {
  result?: { data: Record<string, unknown> };
  error?: { message: string; data: { code: string; httpStatus: number } };
}

async function post(url: string, input: unknown, headers: Record<string, string> = {}): Promise<Envelope> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
  return (await response.json()) as Envelope;
}

// Text JSON carries but UTF-8 cannot: a lone surrogate (`"\ud800"`). Stored, it failed Prisma's JSON protocol (a 500)
// or came back as U+FFFD (another string than the one sent). Found by `npm run fuzz`'s accepted-writes phase.
describe("text that is not well-formed Unicode, against the real registry and shop", () => {
  let system: RunningSystem;
  let shop: RunningApp;
  let session: string;

  beforeAll(async () => {
    system = await startSystem();
    shop = await system.start("shop");
    const opened = await post(`${shop.url}/trpc/signUp`, { name: "Text Owner", password: "text-owner-password" });
    session = String(opened.result?.data.session);
    await post(`${shop.url}/trpc/deposit`, { session, amountCents: 1_000 });
  }, 60_000);
  afterAll(() => system.stopAll());

  it("refuses a registry name or tag with a lone surrogate as BAD_REQUEST naming it, not a 500 from the store", async () => {
    const write = { authorization: `Bearer ${system.registryToken}` };
    const cases: Array<[string, unknown, string]> = [
      ["register", { name: "a\ud800b", url: "http://127.0.0.1:9" }, "name: name must be well-formed Unicode"],
      ["register", { name: "ok", url: "http://127.0.0.1:9", tags: ["t\udc00"] }, "tags.0: a tag must be well-formed"],
      ["setMetadata", { name: "ok", tags: ["\ud800"] }, "tags.0: a tag must be well-formed Unicode"],
    ];
    for (const [path, input, message] of cases) {
      const { error } = await post(`${system.registryUrl}/trpc/${path}`, input, write);
      expect(error?.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
      expect(error?.message).toContain(message);
    }
    const { result } = await post(`${system.registryUrl}/trpc/list`, {});
    const names = (result?.data as unknown as Array<{ name: string }>).map((entry) => entry.name);
    expect(names).toEqual(["example.shop.Shop", "switchboard.registry"]);
  });

  it("refuses an account name, new password or item with a lone surrogate or a control character; nothing is stored", async () => {
    const refused: Array<[string, unknown]> = [
      ["signUp", { name: "M\ud800", password: "password-123" }],
      ["signUp", { name: "Null\u0000Name", password: "password-123" }],
      ["signUp", { name: "Line\nBreak", password: "password-123" }],
      ["signUp", { name: "Surrogate Password", password: "password-\ud800" }],
      ["buy", { session, priceCents: 100, item: "i\ud800" }],
      ["buy", { session, priceCents: 100, item: "bell\u0007" }],
    ];
    for (const [path, input] of refused) {
      const { error } = await post(`${shop.url}/trpc/${path}`, input);
      expect(error?.data, JSON.stringify(input)).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    }
    const accounts = await post(`${shop.url}/trpc/allAccounts`, { operatorToken: system.shopOperatorToken });
    expect(accounts.result?.data).toEqual([{ name: "Text Owner", balanceCents: 1_000 }]);
    // What is well-formed is stored exactly: a pair (an emoji), right-to-left text.
    const bought = await post(`${shop.url}/trpc/buy`, { session, priceCents: 100, item: "📚 \u202ebook" });
    expect((bought.result?.data.entry as { item: string }).item).toBe("📚 \u202ebook");
  });
});
