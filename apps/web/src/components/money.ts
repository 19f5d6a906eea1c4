import { maxAmountCents } from "@switchboard/api/shop-schema";

export { formatCents } from "@switchboard/api/money";

/** "12.5" → 1250 cents, or a message a person can act on. The server checks again; this only answers sooner. */
export function parseAmount(text: string): { cents: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(trimmed)) return { error: "enter an amount like 12.50 (at most two decimals)" };
  const [units = "0", fraction = ""] = trimmed.split(".");
  const cents = Number(units) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents <= 0) return { error: "the amount must be more than 0.00" };
  if (cents > maxAmountCents) return { error: `the amount must be at most ${maxAmountCents / 100}.00` };
  return { cents };
}
