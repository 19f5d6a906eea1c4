import {
  accessFor,
  HealthProber,
  httpHealthProbe,
  keepSelfEntry,
  leaseClock,
  recordRegistryMetrics,
  registryRouter,
  type RegistryContext,
} from "@switchboard/core/registry";
import { openEtcdRegistry, openSqliteRegistry } from "@switchboard/registry-store";
import type { CreateContextOptions } from "@switchboard/core/server";
import { serve } from "@switchboard/core/server";
import { createLogger, isLoopback, serverLimitsOf } from "@switchboard/service";
import { loadRegistryEnv, type RegistryEnv } from "./env.ts";

const env = loadRegistryEnv();
const logger = createLogger("registry", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });

/**
 * The directory: SQLite for one registry process (reads from memory, the file keeps registrations across restarts),
 * or etcd for several processes sharing one directory (each mirrors it in memory from etcd's watch). Either way every
 * change feeds `watch`.
 */
async function openDirectory(config: RegistryEnv) {
  if (config.REGISTRY_STORE === "sqlite") return openSqliteRegistry(config.REGISTRY_DATABASE_URL);
  const endpoints = config.REGISTRY_ETCD_ENDPOINTS ?? [];
  const registry = await openEtcdRegistry({
    endpoints,
    prefix: config.REGISTRY_ETCD_PREFIX,
    onReconnect: (error) => logger.warn({ err: error.message }, "etcd watch moved to another member"),
  });
  logger.info({ endpoints, prefix: config.REGISTRY_ETCD_PREFIX, revision: registry.revision() }, "directory in etcd");
  return registry;
}

let directory: Awaited<ReturnType<typeof openDirectory>>;
try {
  directory = await openDirectory(env);
} catch (error) {
  // A configuration problem: say which variable, once, and stop (a supervisor restarting it would fail the same way).
  const variable = env.REGISTRY_STORE === "etcd" ? "REGISTRY_ETCD_ENDPOINTS" : "REGISTRY_DATABASE_URL";
  logger.fatal({ variable }, `registry cannot start (${variable}): ${(error as Error).message}`);
  process.exit(1);
}
const { store, events } = directory;
// Leases are measured on a clock that stands still while this process could not run (lease-clock.ts): a registry
// frozen for longer than a lease must not expire every service on waking, before their heartbeats are read.
const clock = leaseClock();
clock.start();
// Optional active health checks: an instance failing REGISTRY_HEALTH_FAILURES probes in a row is skipped by lookups.
const health =
  env.REGISTRY_HEALTH_INTERVAL_MS > 0
    ? new HealthProber({
        instances: () => store.listByPrefix("", clock.now()),
        probe: httpHealthProbe(env.REGISTRY_HEALTH_TIMEOUT_MS),
        failureThreshold: env.REGISTRY_HEALTH_FAILURES,
        onTransition: (kind, instance) => {
          logger.warn(
            { service: instance.name, url: instance.url },
            kind === "down" ? "instance down" : "instance up again",
          );
          events.append(kind, instance, Date.now());
        },
      })
    : undefined;
let probing = false;
const prober =
  health &&
  setInterval(() => {
    if (probing) return; // a slow round is not stacked on by the next one
    probing = true;
    health
      .probeAll()
      .catch((error: unknown) => logger.error({ err: error }, "health round failed"))
      .finally(() => (probing = false));
  }, env.REGISTRY_HEALTH_INTERVAL_MS);

const policy = {
  token: env.REGISTRY_TOKEN,
  nameTokens: env.REGISTRY_NAME_TOKENS,
  readsNeedToken: env.REGISTRY_READS_NEED_TOKEN,
};
const limits = {
  maxRegistrations: env.REGISTRY_MAX_REGISTRATIONS,
  maxRegistrationsPerToken: env.REGISTRY_MAX_REGISTRATIONS_PER_TOKEN,
  maxTags: env.REGISTRY_MAX_TAGS,
  maxTagLength: env.REGISTRY_MAX_TAG_LENGTH,
  maxNameLength: env.REGISTRY_MAX_NAME_LENGTH,
};
const contextFor = ({ headers }: CreateContextOptions): RegistryContext => ({
  store,
  now: clock.now,
  access: accessFor(policy, headers),
  events,
  health,
  limits,
});
const writesOpen = !env.REGISTRY_TOKEN && !env.REGISTRY_NAME_TOKENS;
if (writesOpen && !isLoopback(env.REGISTRY_HOST)) {
  // Exposed beyond this machine with no token: say it as loudly as Pyro's "Anyone can connect to this server!".
  logger.error(
    { host: env.REGISTRY_HOST },
    "REGISTRY_TOKEN is not set and the registry listens beyond loopback: ANYONE WHO CAN REACH THIS HOST CAN REGISTER, HIJACK AND REMOVE NAMES. Set REGISTRY_TOKEN.",
  );
} else if (writesOpen) {
  // Pyro's name server says the same when it runs without an HMAC key.
  logger.warn("REGISTRY_TOKEN is not set: any process on this machine can register and remove names");
}

// Lookups already ignore expired leases; the sweep only keeps the table small and logs what disappeared.
const sweeper = setInterval(() => {
  store.sweepExpired(clock.now()).then(
    (removed) => removed > 0 && logger.info({ removed }, "expired leases removed"),
    (error: unknown) => logger.error({ err: error }, "lease sweep failed"),
  );
}, env.REGISTRY_SWEEP_INTERVAL_MS);

// The registry lists itself once it knows its own URL; a signal before that has nothing to remove. (Assigned once, but
// after `serve`, whose shutdown reads it: it cannot be a const.)
// eslint-disable-next-line prefer-const
let selfEntry: Awaited<ReturnType<typeof keepSelfEntry>> | undefined;
let stopMetrics: (() => void) | undefined;
const service = await serve(registryRouter, {
  createContext: contextFor,
  host: env.REGISTRY_HOST,
  port: env.REGISTRY_PORT,
  limits: serverLimitsOf(env),
  log: logger,
  health: () => ({ service: "switchboard.registry" }),
  onShutdown: async () => {
    clearInterval(sweeper);
    clearInterval(prober);
    await selfEntry?.stop();
    stopMetrics?.();
    await directory.close();
  },
});
// Directory changes (lease expiries among them) and live counts, on the registry's own /metrics.
if (service.serving.metrics) {
  stopMetrics = recordRegistryMetrics(service.serving.metrics, { store, events, now: clock.now });
}
selfEntry = await keepSelfEntry(store, service.url, clock.now);
