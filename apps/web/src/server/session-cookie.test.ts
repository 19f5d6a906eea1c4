import { describe, expect, it } from "vitest";
import { readCookie, sessionCookieName } from "./session-cookie.ts";

describe("reading the session cookie", () => {
  it("reads the session among other cookies", () => {
    expect(readCookie(`a=1; ${sessionCookieName}=tok%2Ben; b=2`, sessionCookieName)).toBe("tok+en");
  });

  it("takes a mangled cookie for no session instead of failing the request", () => {
    expect(readCookie(`${sessionCookieName}=%E0%A4%A`, sessionCookieName)).toBeUndefined();
    expect(readCookie(null, sessionCookieName)).toBeUndefined();
  });
});
