import { TRPCClientError, type TRPCClient } from "@trpc/client";
import type { RegistryRouter } from "../registry/router.ts";
import type { ClientLog } from "./resolver.ts";

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
  log?: ClientLog;
}

export interface Announcement {
  /** Resolves once the first registration succeeded. */
  readonly registered: Promise<void>;
  /** Stops heartbeats and removes the registration. */
  stop(): Promise<void>;
}

const jitter = (upToMs: number) => Math.floor(Math.random() * upToMs);

/**
 * Keeps a service registered: registers (retrying while the registry is not up yet), heartbeats at a third of the
 * lease, and registers again when the registry no longer knows the lease (it restarted, or the lease expired while
 * this process was paused). `stop()` deregisters, so a clean shutdown disappears at once rather than at lease expiry.
 */
export function announce(options: AnnounceOptions): Announcement {
  const { registry, name, url, tags = [], ttlMs = 10_000, retryMs = 500, log = () => undefined } = options;
  let leaseId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let unreachableSince: number | undefined;
  let markRegistered: () => void = () => undefined;
  const registered = new Promise<void>((resolve) => (markRegistered = resolve));

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref();
  };

  async function tick(): Promise<void> {
    try {
      if (leaseId) {
        await registry.heartbeat.mutate({ leaseId });
      } else {
        leaseId = (await registry.register.mutate({ name, url, tags, ttlMs })).leaseId;
        log("info", "registered", { service: name, url, ttlMs });
        markRegistered();
      }
      unreachableSince = undefined;
      schedule(Math.max(50, Math.floor(ttlMs / 3)));
    } catch (error) {
      const leaseLost =
        error instanceof TRPCClientError && (error as TRPCClientError<RegistryRouter>).data?.code === "NOT_FOUND";
      // Random jitter: after a registry restart, a thousand instances must not all arrive in the same millisecond.
      if (leaseLost) {
        log("warn", "registry lost our lease; registering again", { service: name });
        leaseId = undefined;
        schedule(jitter(Math.min(ttlMs / 3, 2_000)));
      } else {
        // Services usually start beside their registry: the first seconds of refusals are expected, not news.
        unreachableSince ??= Date.now();
        const waitedMs = Date.now() - unreachableSince;
        log(
          waitedMs < 2_000 ? "debug" : "warn",
          waitedMs < 2_000 ? "waiting for the registry" : "registry unreachable; retrying",
          {
            service: name,
            error: error instanceof Error ? error.message : String(error),
          },
        );
        // Back off (with jitter) up to 10 s, so a long registry outage is not hammered.
        const backoffMs = Math.min(retryMs * 2 ** Math.floor(waitedMs / 5_000), 10_000);
        schedule(backoffMs / 2 + jitter(backoffMs));
      }
    }
  }

  void tick();
  return {
    registered,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (!leaseId) return;
      const lease = leaseId;
      leaseId = undefined;
      await registry.deregister.mutate({ leaseId: lease }).catch(() => undefined);
      log("info", "deregistered", { service: name, url });
    },
  };
}
