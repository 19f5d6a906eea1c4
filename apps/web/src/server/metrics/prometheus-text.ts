/** One sample line of the Prometheus text format: `name{label="value",…} 12.5`. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses the Prometheus text exposition format (what every Switchboard process serves at `GET /metrics`). Comments
 * (`# HELP`, `# TYPE`) and timestamps are skipped; a line that does not parse is skipped too, so one odd metric from
 * a process cannot blank the whole directory.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const sample = parseSampleLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseSampleLine(line: string): PrometheusSample | undefined {
  const name = namePattern.exec(line)?.[0];
  if (!name) return undefined;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    const parsed = parseLabels(rest);
    if (!parsed) return undefined;
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  // The value, then an optional timestamp.
  const [valueText] = rest.trim().split(/\s+/);
  const value = parseValue(valueText ?? "");
  return value === undefined ? undefined : { name, labels, value };
}

/** `{a="x",b="y \"quoted\""}` → labels and how many characters they took. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | undefined {
  const labels: Record<string, string> = {};
  let index = 1;
  while (index < text.length) {
    while (text[index] === " " || text[index] === ",") index++;
    if (text[index] === "}") return { labels, length: index + 1 };
    const key = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(index))?.[0];
    if (!key || text[index + key.length] !== "=" || text[index + key.length + 1] !== '"') return undefined;
    index += key.length + 2;
    let value = "";
    while (index < text.length && text[index] !== '"') {
      if (text[index] === "\\") {
        const escaped = text[index + 1];
        value += escaped === "n" ? "\n" : (escaped ?? "");
        index += 2;
      } else {
        value += text[index];
        index++;
      }
    }
    if (text[index] !== '"') return undefined;
    index++;
    labels[key] = value;
  }
  return undefined;
}

function parseValue(text: string): number | undefined {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const value = Number(text);
  return text === "" || Number.isNaN(value) ? undefined : value;
}
