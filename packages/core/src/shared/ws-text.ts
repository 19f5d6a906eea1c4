import type { RawData } from "ws";

/** The text of a message, whichever buffer shape `ws` delivered it in (the TCP transport delivers text already). */
export function textOf(raw: RawData | string): string {
  if (typeof raw === "string") return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw).toString("utf8");
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString("utf8");
  return raw.toString("utf8");
}
