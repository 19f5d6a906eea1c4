// The real processes the fuzzer attacks, with the state it must leave alone: a registration it did not make, an account
// with money and a ledger, a live session (behind the web app's cookie too).
import { startEtcdCluster } from "../etcd-cluster.ts";
import { startPostgres } from "../postgres.ts";
import { freePort, startSystem, type RunningApp, type RunningSystem } from "../processes.ts";
import type { RunningWeb } from "../web.ts";
import type { FuzzFixtures } from "./targets.ts";

export interface FuzzSystem {
  system: RunningSystem;
  greeter: RunningApp;
  shop: RunningApp;
  web?: RunningWeb;
  fixtures: FuzzFixtures;
  stop(): Promise<void>;
}

const accountName = "Fuzz Owner";
const password = "fuzz-owner-password";

/** Posts one tRPC call and returns its data (the set-up must work: any refusal is thrown). */
export async function trpcPost<T>(url: string, path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path} refused: ${JSON.stringify(body.error)}`);
  return { data: body.result.data, response };
}

/**
 * The state the fuzzer must leave alone, on a running system: a registration it did not make, an account with a
 * deposit and a purchase (and its session), and with a web app that session behind the web app's cookie.
 */
export async function prepareFuzzFixtures(
  system: RunningSystem,
  greeter: RunningApp,
  shop: RunningApp,
  web?: RunningWeb,
): Promise<FuzzFixtures> {
  await trpcPost(
    `${system.registryUrl}/trpc`,
    "register",
    { name: "fuzz.target", url: "http://127.0.0.1:9", tags: ["fuzz"], ttlMs: 600_000 },
    { authorization: `Bearer ${system.registryToken}` },
  );
  const shopTrpc = `${shop.url}/trpc`;
  const { data: opened } = await trpcPost<{ session: string }>(shopTrpc, "signUp", { name: accountName, password });
  const { session } = opened;
  await trpcPost(shopTrpc, "deposit", { session, amountCents: 10_000, idempotencyKey: "fuzz-setup-1" });
  await trpcPost(shopTrpc, "buy", { session, priceCents: 3_700, item: "a book", idempotencyKey: "fuzz-setup-2" });
  let webSessionCookie: string | undefined;
  if (web) {
    const { response } = await trpcPost(`${web.url}/api/trpc`, "shop.logOn", { name: accountName, password });
    webSessionCookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  }
  return {
    registryUrl: system.registryUrl,
    registryToken: system.registryToken,
    greeterUrl: greeter.url,
    shopUrl: shop.url,
    shopSession: session,
    shopAccountName: accountName,
    shopOperatorToken: system.shopOperatorToken,
    webUrl: web?.url,
    webSessionCookie,
  };
}

export interface StartFuzzSystemOptions {
  /** Also the web app's production build (built if stale). */
  web?: boolean;
  /** The shop's database: its own SQLite file (default), or a throwaway PostgreSQL cluster. */
  shopDatabase?: "sqlite" | "postgres";
  /** The registry's directory: its SQLite file (default), or a throwaway 3-member etcd cluster. */
  registryStore?: "sqlite" | "etcd";
}

/** Starts the registry, greeter and shop (and the web app, if asked) as real processes, and sets up the state. */
export async function startFuzzSystem(options: StartFuzzSystemOptions = {}): Promise<FuzzSystem> {
  const postgres = options.shopDatabase === "postgres" ? await startPostgres({ fast: true }) : undefined;
  const etcd = options.registryStore === "etcd" ? await startEtcdCluster() : undefined;
  const system = await startSystem(
    etcd ? { REGISTRY_STORE: "etcd", REGISTRY_ETCD_ENDPOINTS: etcd.endpoints.join(",") } : {},
  );
  let web: RunningWeb | undefined;
  try {
    const shopEnv: Record<string, string> = postgres ? { SHOP_DATABASE_URL: await postgres.createDatabase() } : {};
    const [greeter, shop] = await Promise.all([system.start("greeter"), system.start("shop", shopEnv)]);
    if (options.web) {
      const { buildWebIfStale } = await import("../web-build-if-stale.ts");
      const { startWeb } = await import("../web.ts");
      await buildWebIfStale(() => undefined);
      web = await startWeb(await freePort(), { SWITCHBOARD_REGISTRY_URL: system.registryUrl });
    }
    const fixtures = await prepareFuzzFixtures(system, greeter, shop, web);
    return {
      system,
      greeter,
      shop,
      web,
      fixtures,
      async stop() {
        await web?.stop();
        await system.stopAll();
        await postgres?.stop();
        await etcd?.stop();
      },
    };
  } catch (error) {
    await web?.stop();
    await system.stopAll();
    await postgres?.stop();
    await etcd?.stop();
    throw error;
  }
}
