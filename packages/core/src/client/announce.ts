import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { RegistryRouter } from "../registry/router.ts";
import type { Logger } from "../shared/logger.ts";

export interface AnnounceOptions {
  registry: TRPCClient<RegistryRouter>;
  name: string;
  /** The base URL clients should call, e.g. `http://127.0.0.1:4001`. */
  url: string;
  tags?: string[];
  /** Lease length; heartbeats go out every third of it (default 10 s). */
  ttlMs?: number;
  /** First wait between attempts while the registry is unreachable (default 500 ms; doubles every 5 s, up to 10 s). */
  retryMs?: number;
  log?: Logger;
}

export interface Announcement {
  /** Resolves once the first registration succeeded. */
  readonly registered: Promise<void>;
  /** Stops heartbeats and removes the registration — also one still being made. */
  stop(): Promise<void>;
}

const jitter = (upToMs: number) => Math.floor(Math.random() * upToMs);

/**
 * Keeps a service registered: registers (retrying while the registry is not up yet), heartbeats at a third of the
 * lease, and registers again when the registry no longer knows the lease (it restarted, or the lease expired while
 * this process was paused). Each request to the registry is bounded by a third of the lease, so a hung registry
 * costs one heartbeat, not the lease: the next goes out on time (to the next registry when there are several).
 * `stop()` deregisters, so a clean shutdown disappears at once rather than at lease expiry.
 */
export function announce(options: AnnounceOptions): Announcement {
  const { registry, name, url, tags = [], ttlMs = 10_000, retryMs = 500, log } = options;
  const requestTimeoutMs = Math.max(50, Math.floor(ttlMs / 3));
  let leaseId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let unreachableSince: number | undefined;
  let markRegistered: () => void = () => undefined;
  const registered = new Promise<void>((resolve) => (markRegistered = resolve));
  const bounded = { context: { timeoutMs: requestTimeoutMs } };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick().finally(() => (inFlight = undefined));
    }, delayMs);
    timer.unref();
  };

  async function tick(): Promise<void> {
    try {
      if (leaseId) {
        await registry.heartbeat.mutate({ leaseId }, bounded);
      } else {
        leaseId = (await registry.register.mutate({ name, url, tags, ttlMs }, bounded)).leaseId;
        log?.info({ service: name, url, ttlMs }, "registered");
        markRegistered();
      }
      unreachableSince = undefined;
      schedule(requestTimeoutMs);
    } catch (error) {
      const leaseLost =
        error instanceof TRPCClientError && (error as TRPCClientError<RegistryRouter>).data?.code === "NOT_FOUND";
      // Random jitter: after a registry restart, a thousand instances must not all arrive in the same millisecond.
      if (leaseLost) {
        log?.warn({ service: name }, "registry lost our lease; registering again");
        leaseId = undefined;
        schedule(jitter(Math.min(ttlMs / 3, 2_000)));
      } else {
        // Services usually start beside their registry: the first seconds of refusals are expected, not news.
        unreachableSince ??= Date.now();
        const waitedMs = Date.now() - unreachableSince;
        const fields = { service: name, error: error instanceof Error ? error.message : String(error) };
        if (waitedMs < 2_000) log?.debug(fields, "waiting for the registry");
        else log?.warn(fields, "registry unreachable; retrying");
        // Back off (with jitter) up to 10 s, so a long registry outage is not hammered — but a lease that is still
        // live is heartbeated again within its third, through whichever registry answers.
        const backoffMs = Math.min(retryMs * 2 ** Math.floor(waitedMs / 5_000), 10_000);
        schedule(leaseId ? Math.min(requestTimeoutMs, backoffMs) : backoffMs / 2 + jitter(backoffMs));
      }
    }
  }

  schedule(0);
  return {
    registered,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // A registration under way may still succeed: wait for it, so its lease is removed rather than left to expire.
      await inFlight;
      if (!leaseId) return;
      const lease = leaseId;
      leaseId = undefined;
      await registry.deregister.mutate({ leaseId: lease }, bounded).catch(() => undefined);
      log?.info({ service: name, url }, "deregistered");
    },
  };
}
