import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { RegistryRouter } from "../registry/router.ts";
import type { CallTarget } from "./sender.ts";

interface CachedName {
  urls: string[];
  fetchedAt: number;
  next: number;
}

export interface NameResolverOptions {
  registry: TRPCClient<RegistryRouter>;
  /** After this long a cached resolution is refreshed in the background while it keeps being used (default 5 s). */
  refreshAfterMs?: number;
}

/**
 * Resolves service names to instance URLs through the registry, caches them, and spreads calls over the instances
 * round robin. An instance that fails is dropped at once; when none are left the name is looked up again.
 */
export class NameResolver {
  private readonly cache = new Map<string, CachedName>();
  private readonly inFlight = new Map<string, Promise<CachedName>>();
  private readonly refreshAfterMs: number;

  constructor(private readonly options: NameResolverOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 5_000;
  }

  /** A call target that follows `name`'s live instances. */
  target(name: string): CallTarget {
    return { description: name, pick: () => this.pick(name), failed: (url) => this.forget(name, url) };
  }

  /** The base URL of one live instance of `name`. */
  async pick(name: string): Promise<string> {
    let entry = this.cache.get(name);
    if (!entry) entry = await this.lookup(name);
    else if (Date.now() - entry.fetchedAt > this.refreshAfterMs) this.lookup(name).catch(() => undefined);
    const url = entry.urls[entry.next % entry.urls.length] as string;
    entry.next = (entry.next + 1) % entry.urls.length;
    return url;
  }

  /** Drops one instance of `name` from the cache, or the whole name when no instance is left. */
  forget(name: string, url: string): void {
    const entry = this.cache.get(name);
    if (!entry) return;
    entry.urls = entry.urls.filter((candidate) => candidate !== url);
    if (entry.urls.length === 0) this.cache.delete(name);
  }

  private lookup(name: string): Promise<CachedName> {
    let pending = this.inFlight.get(name);
    if (!pending) {
      pending = this.options.registry.lookup
        .query({ name })
        .then(({ instances }) => {
          const entry = { urls: instances.map((instance) => instance.url), fetchedAt: Date.now(), next: 0 };
          this.cache.set(name, entry);
          return entry;
        })
        .catch((error: unknown) => {
          // "unknown name: …" from the registry already names the name; a failure to reach the registry does not.
          if (error instanceof TRPCClientError && error.data) throw error;
          throw new TRPCClientError(
            `cannot resolve ${name}: ${error instanceof Error ? error.message : String(error)}`,
            {
              cause: error instanceof Error ? error : undefined,
            },
          );
        })
        .finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, pending);
    }
    return pending;
  }
}
