import type { RawData } from "ws";

/** The text of a WebSocket message, whichever buffer shape `ws` delivered it in. */
export function textOf(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString("utf8");
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString("utf8");
  return raw.toString("utf8");
}
