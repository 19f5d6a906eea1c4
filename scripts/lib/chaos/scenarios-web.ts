// The web app's server (next start) SIGKILLed under load and started again on its port: the greeter page's call
// (POST /api/trpc/greeter.welcome, through the web server to the greeter by name) fails while it is gone and answers
// again once it is back. The web app keeps no state of its own: the check is that a session made before still works.
import { freePort, startSystem } from "../processes.ts";
import { buildWebIfStale } from "../web-build-if-stale.ts";
import { startWeb, type RunningWeb } from "../web.ts";
import { sleep, startCallLoad, summarize } from "./call-load.ts";
import { seconds, type ChaosRow, type ChaosSize } from "./chaos-row.ts";

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

export async function webKilled(size: ChaosSize, say: (line: string) => void = () => undefined): Promise<ChaosRow> {
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
    web.child.kill("SIGKILL");
    await sleep(500);
    web = await startWeb(port, env);
    await sleep(size === "short" ? 1_000 : 2_000);
    const summary = summarize(await load.stop(), faultAt);
    const account = await fetch(`${web.url}/api/trpc/shop.account`, { headers: { cookie } });
    const kept = ((await account.json()) as { result?: { data?: { name?: string } } }).result?.data?.name === "Chaos";
    return {
      fault: "web server SIGKILL, restarted",
      load: "4 callers, greeter page's call via the web server",
      calls: summary.calls,
      failed: summary.failed,
      recovery: summary.recoveryMs === 0 ? "none needed" : seconds(summary.recoveryMs),
      check: kept ? "session made before the kill still valid" : "session LOST",
      ok: kept,
      failures: summary.failures,
    };
  } finally {
    await web?.stop();
    await system.stopAll();
  }
}
