import { createPrismaRegistryStore, registryRouter, withMemoryIndex, type RegistryContext } from "@switchboard/api";
import { openDatabase } from "@switchboard/db";
import { createLogger, exitOnSignals, runService } from "@switchboard/service";
import { loadRegistryEnv } from "./env.ts";

const env = loadRegistryEnv();
const logger = createLogger("registry", { level: env.LOG_LEVEL, format: env.LOG_FORMAT });
const db = openDatabase(env.REGISTRY_DATABASE_URL);
// Reads are served from memory; SQLite keeps every registration across restarts.
const store = await withMemoryIndex(createPrismaRegistryStore(db), Date.now());
const context: RegistryContext = { store, now: Date.now };

// Lookups already ignore expired leases; the sweep only keeps the table small and logs what disappeared.
const sweeper = setInterval(() => {
  context.store.sweepExpired(context.now()).then(
    (removed) => removed > 0 && logger.info({ removed }, "expired leases removed"),
    (error: unknown) => logger.error({ err: error }, "lease sweep failed"),
  );
}, env.REGISTRY_SWEEP_INTERVAL_MS);

const service = await runService({
  router: registryRouter,
  createContext: () => context,
  host: env.REGISTRY_HOST,
  port: env.REGISTRY_PORT,
  logger,
  health: () => ({ service: "switchboard.registry" }),
  onShutdown: async () => {
    clearInterval(sweeper);
    await db.$disconnect();
  },
});
exitOnSignals(service, logger);
