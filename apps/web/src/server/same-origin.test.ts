import { describe, expect, it } from "vitest";
import { foreignOriginOf, servedOverHttps } from "./same-origin.ts";

const request = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/trpc/shop.deposit") => ({
  url,
  headers: new Headers({ host: "127.0.0.1:3000", ...headers }),
});

describe("the same-origin check that guards the web app's mutations (CSRF)", () => {
  it("accepts the app's own pages and requests from no browser page", () => {
    expect(foreignOriginOf(request({ origin: "http://127.0.0.1:3000" }))).toBeUndefined();
    expect(foreignOriginOf(request({}))).toBeUndefined();
    expect(foreignOriginOf(request({ "sec-fetch-site": "same-origin" }))).toBeUndefined();
  });

  it("refuses another site, another port of the same host (same site, so SameSite cookies ride along) and null", () => {
    expect(foreignOriginOf(request({ origin: "https://evil.example" }))).toBe(
      "a request from https://evil.example (this app is http://127.0.0.1:3000)",
    );
    expect(foreignOriginOf(request({ origin: "http://127.0.0.1:8080" }))).toMatch(/^a request from/);
    expect(foreignOriginOf(request({ origin: "null" }))).toMatch(/^a request from null/);
    expect(foreignOriginOf(request({ "sec-fetch-site": "same-site" }))).toBe("a same-site request");
  });

  it("takes the public URL, when configured, as the only own origin; behind a TLS proxy, https", () => {
    const proxied = request({ origin: "https://shop.example.com", host: "10.0.0.5:3000" });
    expect(foreignOriginOf(proxied, { publicUrl: "https://shop.example.com/" })).toBeUndefined();
    expect(foreignOriginOf(proxied)).toMatch(/this app is http:\/\/10\.0\.0\.5:3000/);
    expect(servedOverHttps(proxied, { publicUrl: "https://shop.example.com" })).toBe(true);
    expect(servedOverHttps(request({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(servedOverHttps(request({}))).toBe(false);
  });
});
