import { t } from "../trpc.ts";
import { webServices } from "../switchboard.ts";

export interface ServiceStatus {
  label: string;
  name: string;
  up: boolean;
  /** An instance that answered its health check. */
  url?: string;
  /** Why it is down, in words. */
  problem?: string;
}

/** How long one round of checks answers every page that asks: open tabs poll every 2 s, the services see one round. */
const statusCacheMs = 1_000;
let lastRound: { at: number; statuses: Promise<ServiceStatus[]> } | undefined;

/** Whether each service the pages use can be found through the registry and answers its /health. */
export const statusRouter = t.router({
  services: t.procedure.query((): Promise<ServiceStatus[]> => {
    if (lastRound && Date.now() - lastRound.at < statusCacheMs) return lastRound.statuses;
    const { env } = webServices();
    const statuses = Promise.all([
      statusOf({ label: "greeter", name: env.GREETER_NAME }),
      statusOf({ label: "shop", name: env.SHOP_NAME }),
    ]);
    lastRound = { at: Date.now(), statuses };
    return statuses;
  }),
});

/** Up if any registered instance answers its /health: callers fail over to that one. */
async function statusOf(service: { label: string; name: string }): Promise<ServiceStatus> {
  let urls: string[];
  try {
    const { instances } = await webServices().switchboard.registry.lookup.query({ name: service.name });
    urls = instances.map((instance) => instance.url);
  } catch {
    return { ...service, up: false, problem: "not registered (or the registry is unreachable)" };
  }
  const answers = await Promise.all(urls.map(async (url) => ((await answersHealth(url)) ? url : undefined)));
  const url = answers.find((answer) => answer !== undefined);
  return url ? { ...service, up: true, url } : { ...service, up: false, problem: "not answering" };
}

/**
 * GET `<url>/health`. The registry stores URLs without query or fragment, so the path cannot be cut off; a redirect is
 * not followed (a registered URL must not steer this server's requests elsewhere) and counts as not healthy.
 */
async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, {
      signal: AbortSignal.timeout(1_500),
      cache: "no-store",
      redirect: "manual",
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
