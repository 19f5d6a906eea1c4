import { describe, expect, it } from "vitest";
import { accessFor } from "./access.ts";

const token = "s3cret-token-for-tests";

describe("accessFor", () => {
  it("opens everything when no token is configured", () => {
    expect(accessFor({}, {})).toEqual({ canRead: true, canWrite: true });
  });

  it("grants writes only to the right bearer token; reads stay open by default", () => {
    expect(accessFor({ token }, { authorization: `Bearer ${token}` })).toEqual({ canRead: true, canWrite: true });
    expect(accessFor({ token }, { authorization: `bearer ${token}` })).toEqual({ canRead: true, canWrite: true });
    expect(accessFor({ token }, {})).toEqual({ canRead: true, canWrite: false });
    expect(accessFor({ token }, { authorization: "Bearer wrong" })).toEqual({ canRead: true, canWrite: false });
    expect(accessFor({ token }, { authorization: `Bearer ${token}x` })).toEqual({ canRead: true, canWrite: false });
    expect(accessFor({ token }, { authorization: token })).toEqual({ canRead: true, canWrite: false });
  });

  it("gates reads too when configured to", () => {
    expect(accessFor({ token, readsNeedToken: true }, {})).toEqual({ canRead: false, canWrite: false });
    expect(accessFor({ token, readsNeedToken: true }, { authorization: `Bearer ${token}` })).toEqual({
      canRead: true,
      canWrite: true,
    });
  });
});
