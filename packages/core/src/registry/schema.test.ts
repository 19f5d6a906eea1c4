import { describe, expect, it } from "vitest";
import { registerInput } from "./schema.ts";

const urlOf = (url: string) => registerInput.parse({ name: "acme.x", url }).url;

describe("instance URLs are normalised, so one endpoint is one instance", () => {
  it("folds scheme and host case, the default port and a trailing slash into one form", () => {
    const forms = [
      "http://127.0.0.1:4113",
      "http://127.0.0.1:4113/",
      "HTTP://127.0.0.1:4113",
      "http://LOCALHOST:4113/",
    ];
    expect(new Set(forms.slice(0, 3).map(urlOf))).toEqual(new Set(["http://127.0.0.1:4113"]));
    expect(urlOf(forms[3] as string)).toBe("http://localhost:4113");
    expect(urlOf("http://example.test:80/api/")).toBe("http://example.test/api");
    expect(urlOf("https://example.test:443")).toBe("https://example.test");
  });

  it.each([
    ["a fragment", "http://127.0.0.1:4113/#", "url must not have a query or a fragment"],
    ["a query", "http://127.0.0.1:4113/?x=1", "url must not have a query or a fragment"],
    ["credentials", "http://user:secret@127.0.0.1:4113", "url must not carry credentials"],
    ["another scheme", "ftp://127.0.0.1:4113", "url must be an http(s) URL"],
  ])("refuses a URL with %s", (_, url, message) => {
    const parsed = registerInput.safeParse({ name: "acme.x", url });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });
});
