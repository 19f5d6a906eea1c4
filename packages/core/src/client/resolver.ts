import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { RegistryEvent } from "../registry/events.ts";
import type { RegistryRouter } from "../registry/router.ts";
import type { CallTarget } from "./sender.ts";
import type { WatchHandlers } from "./watch.ts";

interface CachedName {
  urls: string[];
  fetchedAt: number;
  next: number;
  /** Set while the registry cannot be reached and these addresses are used regardless (stale-if-error). */
  stale: boolean;
}

export type Balance = "round-robin" | "random";
/** Where the client reports what it does on its own: re-registrations, stale-if-error, waiting for the registry. */
export type ClientLog = (level: "debug" | "info" | "warn", message: string, fields: Record<string, unknown>) => void;

export interface NameResolverOptions {
  registry: TRPCClient<RegistryRouter>;
  /** After this long a cached resolution is refreshed in the background while it keeps being used (default 5 s). */
  refreshAfterMs?: number;
  /** How calls are spread over a name's instances (default round robin). */
  balance?: Balance;
  log?: ClientLog;
  /** Starts a stream of every registry change; while it runs, the cache follows it instead of polling. */
  watch?: (handlers: WatchHandlers) => () => void;
}

/**
 * Resolves service names to instance URLs through the registry, caches them, and spreads calls over the instances.
 * An instance that fails is dropped at once; when none are left the name is looked up again. When the registry cannot
 * be reached, the addresses already known keep being used (stale-if-error), and the log says so once per outage.
 */
export class NameResolver {
  private readonly cache = new Map<string, CachedName>();
  private readonly inFlight = new Map<string, Promise<CachedName>>();
  private readonly refreshAfterMs: number;
  private readonly log: ClientLog;
  private stopWatching: (() => void) | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  /** True while the registry's change stream is open: polling is then unnecessary. */
  private watching = false;

  constructor(private readonly options: NameResolverOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 5_000;
    this.log = options.log ?? (() => undefined);
  }

  /** A call target that follows `name`'s live instances. */
  target(name: string): CallTarget {
    return { description: name, pick: () => this.pick(name), failed: (url) => this.forget(name, url) };
  }

  /** The base URL of one live instance of `name`. */
  async pick(name: string): Promise<string> {
    // Concurrent calls may drop instances while this one awaits a lookup, so the list can shrink or empty under it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const cached = this.cache.get(name);
      if (cached && !this.watching && Date.now() - cached.fetchedAt > this.refreshAfterMs) {
        this.refreshInBackground(name, cached);
      }
      const entry = cached ?? (await this.lookup(name));
      if (entry.urls.length === 0) {
        if (this.cache.get(name) === entry) this.cache.delete(name);
        continue;
      }
      const index =
        this.options.balance === "random"
          ? Math.floor(Math.random() * entry.urls.length)
          : entry.next % entry.urls.length;
      entry.next = (index + 1) % entry.urls.length;
      return entry.urls[index] as string;
    }
    throw new TRPCClientError(`no live instance of ${name} answers`);
  }

  /** Stops following the registry's changes. */
  close(): void {
    clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.watching = false;
  }

  /** Drops one instance of `name` from the cache, or the whole name when no instance is left. */
  forget(name: string, url: string): void {
    const entry = this.cache.get(name);
    if (!entry) return;
    entry.urls = entry.urls.filter((candidate) => candidate !== url);
    if (entry.urls.length === 0) this.cache.delete(name);
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
        for (const [name, entry] of this.cache) this.refreshInBackground(name, entry);
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
    const entry = this.cache.get(event.name);
    if (!entry) return;
    if (event.kind === "registered" || event.kind === "up") {
      if (!entry.urls.includes(event.url)) entry.urls.push(event.url);
    } else if (event.kind !== "updated") {
      this.forget(event.name, event.url);
    }
  }

  private refreshInBackground(name: string, entry: CachedName): void {
    this.lookup(name).then(
      () => {
        if (entry.stale) this.log("info", "registry reachable again", { service: name });
      },
      (error: unknown) => {
        if (isUnknownName(error)) {
          this.cache.delete(name);
          return;
        }
        // Try the registry again only after another refresh period, and say once that the cache is being trusted.
        entry.fetchedAt = Date.now();
        if (!entry.stale) {
          entry.stale = true;
          this.log("warn", "registry unreachable; calling the addresses already known", {
            service: name,
            addresses: entry.urls,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      },
    );
  }

  private lookup(name: string): Promise<CachedName> {
    let pending = this.inFlight.get(name);
    if (!pending) {
      pending = this.options.registry.lookup
        .query({ name })
        .then(({ instances }) => {
          const entry = {
            urls: instances.map((instance) => instance.url),
            fetchedAt: Date.now(),
            next: 0,
            stale: false,
          };
          this.cache.set(name, entry);
          this.startWatching();
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

function isUnknownName(error: unknown): boolean {
  return error instanceof TRPCClientError && (error as TRPCClientError<RegistryRouter>).data?.code === "NOT_FOUND";
}
