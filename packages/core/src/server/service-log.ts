/**
 * Where `serve()` reports what happens: listening, registered, shutting down, failed procedures. pino's logger fits
 * as is; the default writes one line per event to the console.
 */
export interface ServiceLog {
  /** Optional: routine events (heartbeat retries); dropped when absent. */
  debug?(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const consoleLog: ServiceLog = {
  info: (fields, message) => console.log(line(message, fields)),
  warn: (fields, message) => console.warn(line(message, fields)),
  error: (fields, message) => console.error(line(message, fields)),
};

function line(message: string, fields: Record<string, unknown>): string {
  const details = Object.entries(fields)
    .map(([key, value]) => `${key}=${value instanceof Error ? value.message : JSON.stringify(value)}`)
    .join(" ");
  return details ? `${message} ${details}` : message;
}

/** True for the addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1";
}
