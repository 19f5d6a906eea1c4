import { describe, expect, it } from "vitest";
import { accessFor, type RegistryAccess } from "./access.ts";

const token = "s3cret-token-for-tests";
const shopToken = "shop-only-token-for-tests";
const rights = ({ canRead, canWrite }: RegistryAccess) => ({ canRead, canWrite });

describe("accessFor", () => {
  it("opens everything when no token is configured", () => {
    const open = accessFor({}, {});
    expect(rights(open)).toEqual({ canRead: true, canWrite: true });
    expect(open.mayWrite("example.shop.Shop")).toBe(true);
  });

  it("grants writes only to the right bearer token; reads stay open by default", () => {
    for (const authorization of [`Bearer ${token}`, `bearer ${token}`]) {
      expect(rights(accessFor({ token }, { authorization }))).toEqual({ canRead: true, canWrite: true });
    }
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${token}x`, token]) {
      const access = accessFor({ token }, { authorization });
      expect(rights(access)).toEqual({ canRead: true, canWrite: false });
      expect(access.mayWrite("anything")).toBe(false);
    }
  });

  it("gates reads too when configured to", () => {
    expect(rights(accessFor({ token, readsNeedToken: true }, {}))).toEqual({ canRead: false, canWrite: false });
    expect(rights(accessFor({ token, readsNeedToken: true }, { authorization: `Bearer ${token}` }))).toEqual({
      canRead: true,
      canWrite: true,
    });
  });

  it("lets a name token write its own names only, and the main token every name", () => {
    const policy = { token, nameTokens: [{ token: shopToken, names: ["example.shop.*", "billing"] }] };
    const shop = accessFor(policy, { authorization: `Bearer ${shopToken}` });
    expect(rights(shop)).toEqual({ canRead: true, canWrite: true });
    expect(["example.shop.Shop", "example.shop.eu", "billing"].map(shop.mayWrite)).toEqual([true, true, true]);
    expect(["example.greeter", "billing.eu", "example.shopping"].map(shop.mayWrite)).toEqual([false, false, false]);
    expect(accessFor(policy, { authorization: `Bearer ${token}` }).mayWrite("example.greeter")).toBe(true);
  });
});
