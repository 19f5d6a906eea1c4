// Valid writes carrying hostile text (every plane, lone surrogates, control characters, right-to-left marks, long
// strings), sent with the valid credential: each must be refused 4xx, or accepted and stored exactly as sent — never a
// 5xx, never a string that comes back as another. These writes change state, so they run after the state checks.
import fc from "fast-check";
import type { Answer } from "./answers.ts";
import type { FuzzOptions, FuzzRow } from "./campaign.ts";
import { hostileStrings } from "./hostile-json.ts";
import type { FuzzFixtures } from "./targets.ts";

interface Reply {
  status: number;
  data?: Record<string, unknown>;
  error?: { message?: string };
}

async function post(url: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { result?: { data: Record<string, unknown> }; error?: { message?: string } };
  return { status: response.status, data: body.result?.data, error: body.error };
}

function judged(reply: Reply, storedExactly: () => Promise<string | undefined>): Promise<Answer> | Answer {
  if (reply.status >= 500) return { status: reply.status, problem: `${reply.status}: ${reply.error?.message}` };
  if (reply.status !== 200) return { status: reply.status };
  return storedExactly().then((problem) => (problem ? { status: 200, problem } : { status: 200 }));
}

const short = (maxLength: number) => hostileStrings.map((text) => text.slice(0, maxLength));

export async function fuzzAcceptedWrites(fixtures: FuzzFixtures, options: FuzzOptions): Promise<FuzzRow[]> {
  const registry = `${fixtures.registryUrl}/trpc`;
  const shop = `${fixtures.shopUrl}/trpc`;
  const admin = { authorization: `Bearer ${fixtures.registryToken}` };

  const register = property(
    "registry",
    "register (accepted text)",
    fc.tuple(short(200), fc.array(short(128), { maxLength: 5 })),
    async ([suffix, tags]) => {
      const name = `fuzz.accepted.${suffix}`;
      const reply = await post(`${registry}/register`, { name, url: "http://127.0.0.1:9", tags, ttlMs: 60_000 }, admin);
      return judged(reply, async () => {
        const found = await post(`${registry}/lookup`, { name: name.trim() });
        await post(`${registry}/deregister`, { leaseId: reply.data?.leaseId }, admin);
        const stored = (found.data?.instances as Array<{ tags: string[] }> | undefined)?.[0]?.tags;
        const sent = [...new Set(tags)].sort();
        return JSON.stringify(stored) === JSON.stringify(sent)
          ? undefined
          : `registered, but looked up as ${JSON.stringify(found)} (tags sent ${JSON.stringify(sent)})`;
      });
    },
  );

  const signUp = property("shop", "signUp (accepted text)", short(64), async (name) => {
    const reply = await post(`${shop}/signUp`, { name, password: "accepted-text-password" });
    return judged(reply, () =>
      Promise.resolve(
        reply.data?.name === name.trim() ? undefined : `signed up as ${JSON.stringify(reply.data?.name)}`,
      ),
    );
  });

  const buy = property("shop", "buy (accepted text)", short(200), async (item) => {
    const reply = await post(`${shop}/buy`, { session: fixtures.shopSession, priceCents: 1, item });
    return judged(reply, async () => {
      const stored = (reply.data?.entry as { item?: string } | undefined)?.item;
      if (stored !== item.trim()) return `bought, but the entry's item is ${JSON.stringify(stored)}`;
      const statement = await post(`${shop}/statement`, { session: fixtures.shopSession, limit: 1 });
      const listed = (statement.data?.entries as Array<{ item?: string }> | undefined)?.[0]?.item;
      return listed === stored ? undefined : `the statement lists the item as ${JSON.stringify(listed)}`;
    });
  });

  const rows: FuzzRow[] = [];
  for (const run of [register, signUp, buy]) {
    const row = await run(options);
    rows.push(row);
    options.onProgress?.(row);
  }
  return rows;
}

function property<T>(
  target: string,
  procedure: string,
  values: fc.Arbitrary<T>,
  send: (value: T) => Promise<Answer>,
): (options: FuzzOptions) => Promise<FuzzRow> {
  return async (options) => {
    const row: FuzzRow = { target, procedure, transport: "http", tried: 0, statuses: new Map() };
    const details = await fc.check(
      fc.asyncProperty(values, async (value) => {
        const answer = await send(value);
        row.tried += 1;
        row.statuses.set(String(answer.status), (row.statuses.get(String(answer.status)) ?? 0) + 1);
        if (answer.problem) throw new Error(answer.problem);
      }),
      { numRuns: options.runs, seed: options.seed },
    );
    if (details.failed) row.failure = fc.defaultReportMessage(details) ?? "failed";
    return row;
  };
}
