import type { TRPCClient } from "@trpc/client";
import { describe, expect, it } from "vitest";
import type { RegistryRouter } from "../registry/router.ts";
import { NameResolver } from "./resolver.ts";

/** A registry that answers `lookup` with whatever the test says the instances are now. */
function fakeRegistry(instances: () => string[]) {
  let lookups = 0;
  const registry = {
    lookup: {
      query: ({ name }: { name: string }) => {
        lookups++;
        return Promise.resolve({ name, instances: instances().map((url) => ({ url, tags: [], leaseExpiresAt: 0 })) });
      },
    },
  } as unknown as TRPCClient<RegistryRouter>;
  return { registry, lookups: () => lookups };
}

describe("NameResolver", () => {
  it("spreads picks round robin over the instances", async () => {
    const { registry } = fakeRegistry(() => ["http://a", "http://b", "http://c"]);
    const resolver = new NameResolver({ registry });
    const picks = [];
    for (let call = 0; call < 6; call++) picks.push(await resolver.pick("svc"));
    expect(picks).toEqual(["http://a", "http://b", "http://c", "http://a", "http://b", "http://c"]);
  });

  it("still picks a live instance after the round-robin position's instance was dropped (regression)", async () => {
    const { registry } = fakeRegistry(() => ["http://a", "http://b"]);
    const resolver = new NameResolver({ registry });
    expect(await resolver.pick("svc")).toBe("http://a");
    resolver.forget("svc", "http://a");
    expect(await resolver.pick("svc")).toBe("http://b");
  });

  it("looks the name up again once every instance was dropped", async () => {
    let live = ["http://a"];
    const { registry, lookups } = fakeRegistry(() => live);
    const resolver = new NameResolver({ registry });
    expect(await resolver.pick("svc")).toBe("http://a");
    resolver.forget("svc", "http://a");
    live = ["http://b"];
    expect(await resolver.pick("svc")).toBe("http://b");
    expect(lookups()).toBe(2);
  });

  it("picks only known instances at random", async () => {
    const { registry } = fakeRegistry(() => ["http://a", "http://b"]);
    const resolver = new NameResolver({ registry, balance: "random" });
    const picks = new Set<string>();
    for (let call = 0; call < 50; call++) picks.add(await resolver.pick("svc"));
    expect(picks).toEqual(new Set(["http://a", "http://b"]));
  });
});
