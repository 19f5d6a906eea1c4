import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { compileNamePattern } from "./filters.ts";

describe("name patterns", () => {
  it("match from the start of the name, as Pyro's re.match", () => {
    const pattern = compileNamePattern("example\\..*");
    expect(pattern.test("example.shop.Shop")).toBe(true);
    expect(pattern.test("my.example.shop")).toBe(false);
  });

  // With a backtracking engine each of these takes minutes to hours on such names (the test would time out): the
  // registry's event loop, and with it every heartbeat, would stall on one unauthenticated read.
  it.each([
    ["(a+)+$", `${"a".repeat(5_000)}!`],
    ["^(?:(.|.|.|.)*!)", "x".repeat(5_000)],
    ["(x+x+)+y", "x".repeat(5_000)],
  ])("run in linear time: %s on a long name", (source, name) => {
    expect(compileNamePattern(source).test(name)).toBe(false);
  });

  it("refuses a broken pattern, and look-arounds RE2 does not have, with BAD_REQUEST", () => {
    for (const source of ["(a", "(?=a)b", "(a)\\1"]) {
      expect(() => compileNamePattern(source)).toThrow(TRPCError);
      expect(() => compileNamePattern(source)).toThrow(/^invalid regex: /);
    }
  });
});
