// What hostile calls must leave exactly as it was, read through the real APIs: the registry's list, every shop account
// with its balance, the fuzz account's ledger, and that its session still works.
import { isDeepStrictEqual } from "node:util";
import { trpcPost } from "./fuzz-system.ts";
import type { FuzzFixtures } from "./targets.ts";

export interface Snapshot {
  registry: unknown;
  accounts: unknown;
  ledger: unknown;
  session: string;
  /** The web app's cookie session, when the web app is fuzzed too. */
  webSession?: string;
}

interface Listed {
  name: string;
  instances: Array<{ url: string; tags: string[] }>;
}

export async function takeSnapshot(fixtures: FuzzFixtures): Promise<Snapshot> {
  const shop = `${fixtures.shopUrl}/trpc`;
  const { data: listed } = await trpcPost<Listed[]>(`${fixtures.registryUrl}/trpc`, "list", {});
  // Lease expiries move with every heartbeat: the directory is names, URLs and tags.
  const registry = listed.map(({ name, instances }) => ({
    name,
    instances: instances.map(({ url, tags }) => ({ url, tags })),
  }));
  const { data: accounts } = await trpcPost(shop, "allAccounts", { operatorToken: fixtures.shopOperatorToken });
  let ledger: unknown;
  let session = "valid";
  try {
    ({ data: ledger } = await trpcPost(shop, "statement", { session: fixtures.shopSession, limit: 100 }));
  } catch (error) {
    session = `refused: ${(error as Error).message}`;
  }
  return { registry, accounts, ledger, session, webSession: await webSessionOf(fixtures) };
}

async function webSessionOf(fixtures: FuzzFixtures): Promise<string | undefined> {
  if (!fixtures.webUrl || !fixtures.webSessionCookie) return undefined;
  const response = await fetch(`${fixtures.webUrl}/api/trpc/shop.account`, {
    headers: { cookie: fixtures.webSessionCookie },
  });
  const body = (await response.json()) as { result?: { data: { name?: string } | null } };
  return body.result?.data?.name ? "valid" : `refused: ${JSON.stringify(body).slice(0, 200)}`;
}

export interface StateCheck {
  what: string;
  passed: boolean;
  detail?: string;
}

export function compareSnapshots(before: Snapshot, after: Snapshot): StateCheck[] {
  const check = (what: string, a: unknown, b: unknown): StateCheck =>
    isDeepStrictEqual(a, b)
      ? { what, passed: true }
      : { what, passed: false, detail: `before ${JSON.stringify(a)}\nafter  ${JSON.stringify(b)}` };
  return [
    check("registry list", before.registry, after.registry),
    check("shop accounts and balances", before.accounts, after.accounts),
    check("ledger of the fuzz account", before.ledger, after.ledger),
    check("its session still valid", before.session, after.session),
    ...(before.webSession === undefined
      ? []
      : [check("its web session still valid", before.webSession, after.webSession)]),
  ];
}
