import { z } from "zod";
import { serverLimitsEnv } from "./server-limits-env.ts";
import type { TransportName } from "@switchboard/core/client";

export const hostSchema = z.string().min(1).default("127.0.0.1");
export const portSchema = z.coerce.number().int().min(0).max(65_535);
export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
export const logFormatSchema = z.enum(["json", "pretty"]).default("json");

/** The registry URL services and clients use: `SWITCHBOARD_REGISTRY_URL`, else the registry's own host and port. */
export function registryUrlFrom(source: NodeJS.ProcessEnv): string {
  return (
    source.SWITCHBOARD_REGISTRY_URL ?? `http://${source.REGISTRY_HOST ?? "127.0.0.1"}:${source.REGISTRY_PORT ?? "4000"}`
  );
}

/**
 * Parses `source` with `schema`, or fails at start-up with one line per bad variable, naming it.
 */
export function parseEnv<TSchema extends z.ZodType>(schema: TSchema, source: NodeJS.ProcessEnv): z.output<TSchema> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new Error(`invalid environment:\n${problems}`);
}

/** An optional variable where `NAME=` (empty) means unset, as in most .env files. */
export function emptyAsUnset<TSchema extends z.ZodType>(schema: TSchema) {
  return z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
}

/** `a, b,,c` → `["a", "b", "c"]`: a comma-separated variable's entries, trimmed, empty ones dropped. */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** One registry URL, or several serving one directory, comma-separated: `http://a:4000,http://b:4000`. */
export const registryUrlListSchema = z
  .string()
  .transform(commaList)
  .pipe(
    z
      .array(z.url({ protocol: /^https?$/, error: "each registry URL must be an http(s) URL" }))
      .min(1, "give at least one registry URL"),
  );

/** Metadata tags, comma-separated (`eu,gpu`); empty means none. */
export const tagListSchema = z.string().default("").transform(commaList);

/** The OpenTelemetry variables a process reads to export traces; an unset endpoint means no tracing at all. */
export const tracingEnv = {
  /** OTLP over HTTP (JSON): traces go to `<endpoint>/v1/traces`, as every OpenTelemetry SDK does with this variable. */
  OTEL_EXPORTER_OTLP_ENDPOINT: emptyAsUnset(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  /** The `service.name` on every span (default: the name the process serves, e.g. `example.shop.Shop`). */
  OTEL_SERVICE_NAME: emptyAsUnset(z.string().min(1)),
};

/** Variables every service process reads, beside its own host, port and name. */
export const commonServiceEnv = {
  ...tracingEnv,
  SWITCHBOARD_REGISTRY_URL: registryUrlListSchema,
  /** The registry's bearer token, needed to register when the registry has one. */
  REGISTRY_TOKEN: emptyAsUnset(z.string()),
  /** Lease length of the registration; heartbeats go out every third of it. */
  SWITCHBOARD_LEASE_TTL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  LOG_LEVEL: logLevelSchema,
  LOG_FORMAT: logFormatSchema,
  /** `off`: no `GET /metrics` and nothing recorded per call (what bench:greeter compares against). */
  SWITCHBOARD_METRICS: z.enum(["on", "off"]).default("on"),
  ...serverLimitsEnv,
};

/** The `metrics` option of `serve()` that `SWITCHBOARD_METRICS` asks for. */
export const metricsOptionOf = (env: { SWITCHBOARD_METRICS: "on" | "off" }) =>
  env.SWITCHBOARD_METRICS === "off" ? (false as const) : undefined;

/** The client transport a script uses: `SWITCHBOARD_TRANSPORT`, `tcp` (default), `ws` or `http`. */
export function transportFrom(source: NodeJS.ProcessEnv): TransportName {
  return parseEnv(z.object({ SWITCHBOARD_TRANSPORT: z.enum(["tcp", "ws", "http"]).default("tcp") }), source)
    .SWITCHBOARD_TRANSPORT;
}
