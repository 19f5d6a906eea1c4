/** Formats integer cents as a decimal amount with two places: 6300 → "63.00", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

/** Whole currency units to cents, for callers that think in dollars (the original example's `deposit(name, 50)`). */
export function unitsToCents(units: number): number {
  return Math.round(units * 100);
}
