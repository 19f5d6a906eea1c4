import { pino, type Logger } from "pino";

export type { Logger };

/** A pino logger named after the app: JSON lines by default, one readable line per event with `pretty`. */
export function createLogger(name: string, options: { level: string; format: "json" | "pretty" }): Logger {
  if (options.format === "json") return pino({ name, level: options.level });
  return pino({
    name,
    level: options.level,
    transport: {
      target: "pino-pretty",
      options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname,name", singleLine: true, colorize: true },
    },
  });
}
