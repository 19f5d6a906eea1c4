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

/** Whether each service the pages use can be found through the registry and answers its /health. */
export const statusRouter = t.router({
  services: t.procedure.query(async (): Promise<ServiceStatus[]> => {
    const { env } = webServices();
    return Promise.all([
      statusOf({ label: "greeter", name: env.GREETER_NAME }),
      statusOf({ label: "shop", name: env.SHOP_NAME }),
    ]);
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

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_500), cache: "no-store" });
    return response.ok;
  } catch {
    return false;
  }
}
