import { describe, expect, it } from "vitest";
import { formatCents, unitsToCents } from "./money.ts";

describe("money", () => {
  it.each([
    [6_300, "63.00"],
    [5, "0.05"],
    [0, "0.00"],
    [-1_205, "-12.05"],
    [123_456_789, "1234567.89"],
  ])("formats %i cents as %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it("turns whole units into cents without float drift", () => {
    expect(unitsToCents(37)).toBe(3_700);
    expect(unitsToCents(0.1 + 0.2)).toBe(30);
  });
});
