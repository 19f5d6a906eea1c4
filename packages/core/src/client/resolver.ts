import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { RegistryEvent } from "../registry/events.ts";
import type { RegistryRouter } from "../registry/router.ts";
import { silentLogger, type Logger } from "../shared/logger.ts";
import { resolutionError, resolutionOf } from "./resolution-error.ts";
import type { CallTarget } from "./sender.ts";
import { raceSignal } from "./transport.ts";
import type { WatchHandlers } from "./watch.ts";

/** What a client calls: the instances of one name, or every instance that carries all of some tags. */
export type Selector = string | { tags: string[] };

interface CachedInstances {
  urls: string[];
  fetchedAt: number;
  next: number;
  /** Set while the registry cannot be reached and these addresses are used regardless (stale-if-error). */
  stale: boolean;
}

export type Balance = "round-robin" | "random";

export interface NameResolverOptions {
  registry: TRPCClient<RegistryRouter>;
  /** After this long a cached resolution is refreshed in the background while it keeps being used (default 5 s). */
  refreshAfterMs?: number;
  /** How calls are spread over a name's instances (default round robin). */
  balance?: Balance;
  log?: Logger;
  /** Hears how long each registry lookup took and how it ended (for `switchboard_client_resolve_duration_seconds`). */
  onLookup?: (seconds: number, result: "found" | "not_found" | "unreachable") => void;
  /** Starts a stream of every registry change; while it runs, the cache follows it instead of polling. */
  watch?: (handlers: WatchHandlers) => () => void;
}

/** The cache key of a selector: the name itself, or its tags sorted. */
function keyOf(selector: Selector): string {
  return typeof selector === "string" ? selector : `tags: ${[...selector.tags].sort().join(", ")}`;
}

/**
 * Resolves service names (or tags) to instance URLs through the registry, caches them, and spreads calls over the
 * instances. An instance that fails is dropped at once; when none are left the selector is looked up again. When the
 * registry cannot be reached, the addresses already known keep being used (stale-if-error), and the log says so once
 * per outage.
 */
export class NameResolver {
  private readonly cache = new Map<string, CachedInstances>();
  private readonly selectors = new Map<string, Selector>();
  private readonly inFlight = new Map<string, Promise<CachedInstances>>();
  private readonly refreshAfterMs: number;
  private readonly log: Logger;
  private stopWatching: (() => void) | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  /** True while the registry's change stream is open: polling is then unnecessary. */
  private watching = false;

  constructor(private readonly options: NameResolverOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 5_000;
    this.log = options.log ?? silentLogger;
  }

  /** A call target that follows the selector's live instances. */
  target(selector: Selector, balance: Balance = this.options.balance ?? "round-robin"): CallTarget {
    const key = keyOf(selector);
    this.selectors.set(key, selector);
    return {
      description: key,
      pick: (signal) => this.pick(selector, signal, balance),
      failed: (url) => this.forget(key, url),
    };
  }

  /** The base URL of one live instance; the signal bounds a lookup this needs (not the lookup others share). */
  async pick(
    selector: Selector,
    signal?: AbortSignal,
    balance = this.options.balance ?? "round-robin",
  ): Promise<string> {
    const key = keyOf(selector);
    this.selectors.set(key, selector);
    // Concurrent calls may drop instances while this one awaits a lookup, so the list can shrink or empty under it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const cached = this.cache.get(key);
      if (cached && !this.watching && Date.now() - cached.fetchedAt > this.refreshAfterMs) {
        this.refreshInBackground(key, cached);
      }
      const entry = cached ?? (await raceSignal(this.lookup(key), signal));
      if (entry.urls.length === 0) {
        if (this.cache.get(key) === entry) this.cache.delete(key);
        continue;
      }
      const index =
        balance === "random" ? Math.floor(Math.random() * entry.urls.length) : entry.next % entry.urls.length;
      entry.next = (index + 1) % entry.urls.length;
      return entry.urls[index] as string;
    }
    throw resolutionError(key, "NOT_FOUND", "no live instance answers");
  }

  /** Stops following the registry's changes. */
  close(): void {
    clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.watching = false;
  }

  /** Drops one instance from a selector's cache (a name, or `tags: …`), or the whole entry when none is left. */
  forget(key: string, url: string): void {
    const entry = this.cache.get(key);
    if (!entry) return;
    entry.urls = entry.urls.filter((candidate) => candidate !== url);
    if (entry.urls.length === 0) this.cache.delete(key);
  }

  private startWatching(): void {
    if (!this.options.watch || this.stopWatching || this.watchTimer) return;
    // Not on the first call's critical path: opening the stream costs a connection and cold code, and the refresh
    // when it opens covers whatever changed before.
    this.watchTimer = setTimeout(() => this.openWatch(), 250);
    this.watchTimer.unref();
  }

  private openWatch(): void {
    this.watchTimer = undefined;
    if (!this.options.watch || this.stopWatching) return;
    this.stopWatching = this.options.watch({
      onEvent: (event) => this.apply(event),
      onStarted: () => {
        this.watching = true;
        // Changes between the lookups and the stream's start were not streamed: look the cached names up once more.
        for (const [key, entry] of this.cache) this.refreshInBackground(key, entry);
      },
      onError: () => (this.watching = false),
    });
  }

  /** Follows one registry change in the cache. */
  private apply(event: RegistryEvent): void {
    if (event.kind === "reset") {
      this.cache.clear();
      return;
    }
    const arrived = event.kind === "registered" || event.kind === "up" || event.kind === "updated";
    for (const [key, entry] of this.cache) {
      const selector = this.selectors.get(key) ?? key;
      // A name follows its own events; a tag selector every instance whose tags (now) match, or that it holds.
      const matches =
        typeof selector === "string" ? event.name === selector : selector.tags.every((tag) => event.tags.includes(tag));
      if (!matches && (typeof selector === "string" || !entry.urls.includes(event.url))) continue;
      if (arrived && matches) {
        if (!entry.urls.includes(event.url)) entry.urls.push(event.url);
      } else {
        this.forget(key, event.url);
      }
    }
  }

  private refreshInBackground(key: string, entry: CachedInstances): void {
    this.lookup(key).then(
      () => {
        if (entry.stale) this.log.info({ service: key }, "registry reachable again");
      },
      (error: unknown) => {
        if (resolutionOf(error)?.cause === "NOT_FOUND") {
          this.cache.delete(key);
          return;
        }
        // Try the registry again only after another refresh period, and say once that the cache is being trusted.
        entry.fetchedAt = Date.now();
        if (!entry.stale) {
          entry.stale = true;
          this.log.warn(
            { service: key, addresses: entry.urls, error: error instanceof Error ? error.message : String(error) },
            "registry unreachable; calling the addresses already known",
          );
        }
      },
    );
  }

  private lookup(key: string): Promise<CachedInstances> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      const selector = this.selectors.get(key) ?? key;
      const startedAt = performance.now();
      const heard = (result: "found" | "not_found" | "unreachable") =>
        this.options.onLookup?.((performance.now() - startedAt) / 1000, result);
      pending = this.urlsOf(selector)
        .then((urls) => {
          heard("found");
          const entry = { urls, fetchedAt: Date.now(), next: 0, stale: false };
          this.cache.set(key, entry);
          this.startWatching();
          return entry;
        })
        .catch((error: unknown) => {
          // The registry's refusals (unknown name, a token needed) are about resolving, not the service's own answer.
          const registryCode =
            error instanceof TRPCClientError ? (error.data as { code?: string } | null)?.code : undefined;
          heard(registryCode === "NOT_FOUND" ? "not_found" : "unreachable");
          throw resolutionError(
            key,
            registryCode ?? "UNREACHABLE",
            error instanceof Error ? error.message : String(error),
            error,
          );
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async urlsOf(selector: Selector): Promise<string[]> {
    if (typeof selector === "string") {
      const { instances } = await this.options.registry.lookup.query({ name: selector });
      return instances.map((instance) => instance.url);
    }
    const instances = await this.options.registry.lookupByTags.query({ tags: selector.tags });
    return [...new Set(instances.map((instance) => instance.url))];
  }
}
