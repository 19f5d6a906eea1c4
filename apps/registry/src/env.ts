import { z } from "zod";
import { defaultRegistryLimits, maxNameLength, maxTagLength, maxTags } from "@switchboard/core/registry";
import { databaseUrlFor, sqliteUrlSchema } from "@switchboard/db";
import {
  commaList,
  emptyAsUnset,
  hostSchema,
  logFormatSchema,
  logLevelSchema,
  parseEnv,
  portSchema,
  serverLimitsEnv,
} from "@switchboard/service";

/** `http://host:port,http://host:port,…`: the client URLs of an etcd cluster's members. */
const etcdEndpointsSchema = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    const endpoints = commaList(value);
    return endpoints.length === 0 ? undefined : endpoints; // empty: unset
  },
  z
    .array(
      z
        .url({ protocol: /^http$/, error: "each endpoint must be an http://host:port URL" })
        .refine(
          (url) => URL.canParse(url) && new URL(url).port !== "",
          "each endpoint needs its port (etcd's client port, e.g. 2379)",
        ),
    )
    .min(1, "give at least one endpoint: http://127.0.0.1:2379,…")
    .optional(),
);

/**
 * `example.shop.*=<token>,example.greeter=<token>`: tokens that may register only those names (a trailing `*` is a
 * prefix). Several entries may share a token. Each token at least 16 characters.
 */
const nameTokensSchema = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z
    .string()
    .transform(commaList)
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[^=\s]+=[^=\s]{16,}$/, "each entry is <name or prefix*>=<token of at least 16 characters>")
          .transform((entry) => {
            const [name, token] = entry.split("=") as [string, string];
            return { name, token };
          }),
      ),
    )
    .transform((entries) => {
      const byToken = new Map<string, string[]>();
      for (const { name, token } of entries) byToken.set(token, [...(byToken.get(token) ?? []), name]);
      return [...byToken].map(([token, names]) => ({ token, names }));
    })
    .optional(),
);

/** A whole number within the bounds, from its text; the bound is said in the error. */
const limitSchema = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const registryEnvSchema = z
  .object({
    REGISTRY_HOST: hostSchema,
    REGISTRY_PORT: portSchema.default(4000),
    /** Default: `file:<SWITCHBOARD_DATA_DIR>/registry.db`. */
    REGISTRY_DATABASE_URL: sqliteUrlSchema,
    /** How often expired leases are deleted; lookups ignore them at once regardless. */
    REGISTRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1_000),
    /** Bearer token that writes must present. Unset: anyone who can reach the registry may write (it warns). */
    REGISTRY_TOKEN: emptyAsUnset(z.string().min(16, "must be at least 16 characters")),
    /** Per-service write rights: tokens that may write only their own names (REGISTRY_TOKEN may write every name). */
    REGISTRY_NAME_TOKENS: nameTokensSchema,
    /** Live registrations in all (the registry's own entries not counted); more are TOO_MANY_REQUESTS. */
    REGISTRY_MAX_REGISTRATIONS: limitSchema(1, 10_000_000, defaultRegistryLimits.maxRegistrations),
    /** Live registrations within one name token's names (the registry token is bounded only by the total). */
    REGISTRY_MAX_REGISTRATIONS_PER_TOKEN: limitSchema(1, 10_000_000, defaultRegistryLimits.maxRegistrationsPerToken),
    /** Tags per registration, and characters per tag and per name: at most the wire's own bounds. */
    REGISTRY_MAX_TAGS: limitSchema(0, maxTags, maxTags),
    REGISTRY_MAX_TAG_LENGTH: limitSchema(1, maxTagLength, maxTagLength),
    REGISTRY_MAX_NAME_LENGTH: limitSchema(1, maxNameLength, maxNameLength),
    /** Gate reads (lookup, list) behind the token too. */
    REGISTRY_READS_NEED_TOKEN: z.stringbool().default(false),
    /** Probe every instance's /health this often; 0 (default) turns active health checks off. */
    REGISTRY_HEALTH_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
    /** Consecutive failed probes before an instance is marked down (lookups skip it). */
    REGISTRY_HEALTH_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
    /** A probe slower than this counts as failed. */
    REGISTRY_HEALTH_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    /** Where the directory lives: `sqlite` (one registry process, the default) or `etcd` (several, one directory). */
    REGISTRY_STORE: z.enum(["sqlite", "etcd"]).default("sqlite"),
    /** etcd's members, comma-separated (needed with REGISTRY_STORE=etcd); calls fail over between them. */
    REGISTRY_ETCD_ENDPOINTS: etcdEndpointsSchema,
    /** The directory's key prefix in etcd: registries that share it share one directory. */
    REGISTRY_ETCD_PREFIX: z
      .string()
      .regex(/^[\x21-\x7e]*\/$/, "must be printable ASCII without spaces, ending with / (for example /switchboard/)")
      .default("/switchboard/"),
    LOG_LEVEL: logLevelSchema,
    LOG_FORMAT: logFormatSchema,
    ...serverLimitsEnv,
  })
  .refine((env) => env.REGISTRY_STORE !== "etcd" || env.REGISTRY_ETCD_ENDPOINTS !== undefined, {
    path: ["REGISTRY_ETCD_ENDPOINTS"],
    message:
      "needed with REGISTRY_STORE=etcd: the members' client URLs, e.g. http://127.0.0.1:2379,http://127.0.0.1:22379",
  });

export type RegistryEnv = z.output<typeof registryEnvSchema>;

export function loadRegistryEnv(source: NodeJS.ProcessEnv = process.env): RegistryEnv {
  return parseEnv(registryEnvSchema, {
    ...source,
    REGISTRY_DATABASE_URL: databaseUrlFor("registry", source.REGISTRY_DATABASE_URL, source.SWITCHBOARD_DATA_DIR),
  });
}
