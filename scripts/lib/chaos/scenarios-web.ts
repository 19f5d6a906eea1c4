// The web app's server (next start) SIGKILLed under load and started again on its port: the greeter page's call
// (POST /api/trpc/greeter.welcome, through the web server to the greeter by name) fails while it is gone and answers
// again once it is back. The web app keeps no state of its own: the check is that a session made before still works.
import { freePort, startSystem } from "../processes.ts";
import { buildWebIfStale } from "../web-build-if-stale.ts";
import { startWeb, type RunningWeb } from "../web.ts";
import { sleep, startCallLoad, summarize } from "./call-load.ts";
import { seconds, type ChaosRow, type ChaosSize } from "./chaos-row.ts";
import { freeze } from "./process-faults.ts";

async function welcome(webUrl: string): Promise<void> {
  const response = await fetch(`${webUrl}/api/trpc/greeter.welcome`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "chaos" }),
    signal: AbortSignal.timeout(5_000),
  });
  await response.body?.cancel();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
}

/** SIGKILL and a new `next start` on the same port 0.5 s later. */
export function webKilled(size: ChaosSize, say: (line: string) => void = () => undefined): Promise<ChaosRow> {
  return webFault("web server SIGKILL, restarted", size, say, async (web, restart) => {
    web.child.kill("SIGKILL");
    await sleep(500);
    return restart();
  });
}

/** SIGSTOP for 4 s (calls wait, up to their 5 s timeout), then SIGCONT. */
export function webFrozen(size: ChaosSize, say: (line: string) => void = () => undefined): Promise<ChaosRow> {
  return webFault("web server SIGSTOP 4.0 s", size, say, async (web) => {
    await freeze(web.child, 4_000);
    return web;
  });
}

async function webFault(
  fault: string,
  size: ChaosSize,
  say: (line: string) => void,
  inject: (web: RunningWeb, restart: () => Promise<RunningWeb>) => Promise<RunningWeb>,
): Promise<ChaosRow> {
  const system = await startSystem();
  let web: RunningWeb | undefined;
  try {
    await Promise.all([system.start("greeter"), system.start("shop")]);
    if (await buildWebIfStale(say)) say("web app built");
    const port = await freePort();
    const env = { SWITCHBOARD_REGISTRY_URL: system.registryUrl };
    web = await startWeb(port, env);
    const signUp = await fetch(`${web.url}/api/trpc/shop.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Chaos", password: "chaos-password" }),
    });
    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const webUrl = web.url;
    const load = startCallLoad(() => welcome(webUrl), 4, 10);
    await sleep(size === "short" ? 500 : 1_500);
    const faultAt = performance.now();
    web = await inject(web, () => startWeb(port, env));
    await sleep(size === "short" ? 1_000 : 2_000);
    const summary = summarize(await load.stop(), faultAt);
    const account = await fetch(`${web.url}/api/trpc/shop.account`, { headers: { cookie } });
    const kept = ((await account.json()) as { result?: { data?: { name?: string } } }).result?.data?.name === "Chaos";
    return {
      fault,
      load: "4 callers, greeter page's call via the web server",
      calls: summary.calls,
      failed: summary.failed,
      recovery: summary.recoveryMs === 0 ? "none needed" : seconds(summary.recoveryMs),
      check: kept ? "session made before the fault still valid" : "session LOST",
      ok: kept,
      failures: summary.failures,
    };
  } finally {
    await web?.stop();
    await system.stopAll();
  }
}
