import { pino } from "pino";
import { trace } from "@opentelemetry/api";
import { traceFields } from "./tracing.ts";

/**
 * Where Switchboard reports what it does on its own: listening, registered, heartbeats retried, the registry
 * unreachable, a procedure that failed. pino's shape (fields first, then the message), so a pino logger — or any
 * logger with these four methods — fits as it is. Secrets (tokens, passwords) are never among the fields.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The default: pino, JSON lines on stdout, at `info` for services and `warn` for clients (which should stay quiet). */
export function defaultLogger(level: "info" | "warn"): Logger {
  return pino({ name: "switchboard", level });
}

/** A logger that drops everything, for code that must stay quiet (tests, tools with their own output). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The same logger with `fields` added to every event (pino's `child`, for any logger of this shape). */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  return {
    debug: (more, message) => log.debug({ ...fields, ...more }, message),
    info: (more, message) => log.info({ ...fields, ...more }, message),
    warn: (more, message) => log.warn({ ...fields, ...more }, message),
    error: (more, message) => log.error({ ...fields, ...more }, message),
  };
}

/** True for the addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

/**
 * The same logger, with `trace_id` and `span_id` added to every line written while a traced call runs (the active
 * OpenTelemetry span), so one request's lines can be found in every process it crossed.
 */
export function withTraceContext(log: Logger): Logger {
  const fieldsWithTrace = (fields: Record<string, unknown>) => {
    if (fields.trace_id !== undefined) return fields;
    const ids = traceFields(trace.getActiveSpan());
    return ids ? { ...ids, ...fields } : fields;
  };
  return {
    debug: (fields, message) => log.debug(fieldsWithTrace(fields), message),
    info: (fields, message) => log.info(fieldsWithTrace(fields), message),
    warn: (fields, message) => log.warn(fieldsWithTrace(fields), message),
    error: (fields, message) => log.error(fieldsWithTrace(fields), message),
  };
}
