// One readable line per JSON log line of a child process, prefixed with its name, for a person watching
// `npm run start:cluster` (the children log JSON so the script can also read them: "listening", "registered").

const levels: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const hidden = new Set(["level", "time", "pid", "hostname", "name", "msg"]);

/** `12:03:04.120 INFO  registry-a | listening url=http://127.0.0.1:4000` */
export function formatLogLine(prefix: string, line: Record<string, unknown>): string {
  const time = typeof line.time === "number" ? localTime(new Date(line.time)) : "";
  const level = (levels[Number(line.level)] ?? "LOG").padEnd(5);
  const fields = Object.entries(line)
    .filter(([key]) => !hidden.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  return `${time} ${level} ${prefix} | ${typeof line.msg === "string" ? line.msg : ""}${fields ? ` ${fields}` : ""}`;
}

function localTime(date: Date): string {
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

/** Pino's numeric level of a line (30 = info), so a caller can leave out the chatty ones. */
export const levelOf = (line: Record<string, unknown>): number => Number(line.level ?? 30);
