import type { CallTarget } from "./sender.ts";

/** The registry a client asks when none is configured: the default of `npm start`. */
export const defaultRegistryUrl = "http://127.0.0.1:4000";

/** `http://a:4000,http://b:4000` or a list → the registry URLs, in order; none → the default. */
export function registryUrlsOf(option: string | string[] | undefined): string[] {
  const urls = (Array.isArray(option) ? option : (option ?? "").split(","))
    .map((url) => url.trim().replace(/\/+$/, ""))
    .filter((url) => url !== "");
  return urls.length > 0 ? urls : [defaultRegistryUrl];
}

/**
 * Several registry processes that serve one directory (on etcd): calls go to one of them and move to the next when
 * it fails, so a registry's death costs a client one refused connection, not an outage. A registry that does not
 * answer in time counts as failed too — a hung process or a network partition refuses nothing, it just stays silent,
 * and would otherwise keep every later call (heartbeats included) until the service's lease ran out. The one that
 * worked last is kept; the list is tried round, so a registry that comes back is used again once the others fail.
 */
export function registryTarget(option: string | string[] | undefined): CallTarget {
  const urls = registryUrlsOf(option);
  let current = 0;
  const moveOn = (url: string) => {
    if (urls[current] === url) current = (current + 1) % urls.length;
  };
  return {
    description: urls.length === 1 ? (urls[0] as string) : `the registries ${urls.join(", ")}`,
    pick: () => Promise.resolve(urls[current] as string),
    failed: moveOn,
    timedOut: moveOn,
  };
}
