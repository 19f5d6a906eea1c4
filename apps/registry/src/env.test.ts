import { describe, expect, it } from "vitest";
import { loadRegistryEnv } from "./env.ts";

const base = { SWITCHBOARD_DATA_DIR: "/tmp/switchboard-env-test" };

describe("the registry's environment", () => {
  it("has defaults that work on a laptop", () => {
    const env = loadRegistryEnv(base);
    expect(env.REGISTRY_TOKEN).toBeUndefined();
    expect(env).toMatchObject({
      REGISTRY_HOST: "127.0.0.1",
      REGISTRY_PORT: 4000,
      REGISTRY_DATABASE_URL: "file:/tmp/switchboard-env-test/registry.db",
      REGISTRY_READS_NEED_TOKEN: false,
      REGISTRY_HEALTH_INTERVAL_MS: 0,
      REGISTRY_STORE: "sqlite",
      REGISTRY_ETCD_PREFIX: "/switchboard/",
    });
    expect(env.REGISTRY_ETCD_ENDPOINTS).toBeUndefined();
  });

  it("takes an etcd cluster as comma-separated endpoints, and needs them with REGISTRY_STORE=etcd", () => {
    expect(
      loadRegistryEnv({
        ...base,
        REGISTRY_STORE: "etcd",
        REGISTRY_ETCD_ENDPOINTS: " http://127.0.0.1:2379, http://127.0.0.1:22379 ,",
        REGISTRY_ETCD_PREFIX: "/team-a/",
      }),
    ).toMatchObject({
      REGISTRY_STORE: "etcd",
      REGISTRY_ETCD_ENDPOINTS: ["http://127.0.0.1:2379", "http://127.0.0.1:22379"],
      REGISTRY_ETCD_PREFIX: "/team-a/",
    });
    expect(() => loadRegistryEnv({ ...base, REGISTRY_STORE: "etcd" })).toThrow(
      /REGISTRY_ETCD_ENDPOINTS: needed with REGISTRY_STORE=etcd/,
    );
    expect(() =>
      loadRegistryEnv({ ...base, REGISTRY_STORE: "etcd", REGISTRY_ETCD_ENDPOINTS: "127.0.0.1:2379" }),
    ).toThrow(/REGISTRY_ETCD_ENDPOINTS/);
    expect(() => loadRegistryEnv({ ...base, REGISTRY_ETCD_PREFIX: "no-slash" })).toThrow(/REGISTRY_ETCD_PREFIX/);
    expect(() => loadRegistryEnv({ ...base, REGISTRY_STORE: "consul" })).toThrow(/REGISTRY_STORE/);
  });

  it("fails at start-up with a message naming each bad variable", () => {
    expect(() => loadRegistryEnv({ ...base, REGISTRY_PORT: "eighty", REGISTRY_TOKEN: "short" })).toThrow(
      /REGISTRY_PORT: .*\n.*REGISTRY_TOKEN: must be at least 16 characters/,
    );
    expect(() => loadRegistryEnv({ ...base, REGISTRY_DATABASE_URL: "postgres://x" })).toThrow(/REGISTRY_DATABASE_URL/);
  });

  it("treats an empty token as unset, and parses booleans", () => {
    expect(loadRegistryEnv({ ...base, REGISTRY_TOKEN: "", REGISTRY_READS_NEED_TOKEN: "true" })).toMatchObject({
      REGISTRY_TOKEN: undefined,
      REGISTRY_READS_NEED_TOKEN: true,
    });
  });

  it("reads per-service name tokens, grouped by token, and refuses a short token without printing it", () => {
    const shop = "shop-token-0123456789";
    const greeter = "greeter-token-0123456789";
    const env = loadRegistryEnv({
      ...base,
      REGISTRY_NAME_TOKENS: `example.shop.*=${shop}, billing=${shop},example.greeter=${greeter}`,
    });
    expect(env.REGISTRY_NAME_TOKENS).toEqual([
      { token: shop, names: ["example.shop.*", "billing"] },
      { token: greeter, names: ["example.greeter"] },
    ]);
    expect(() => loadRegistryEnv({ ...base, REGISTRY_NAME_TOKENS: "example.shop.*=short" })).toThrow(
      /REGISTRY_NAME_TOKENS\.0: each entry is <name or prefix\*>=<token of at least 16 characters>/,
    );
    expect(() => loadRegistryEnv({ ...base, REGISTRY_NAME_TOKENS: "example.shop.*=short" })).not.toThrow(/short/);
  });

  it("takes the registration, tag and name limits, within the wire's own bounds", () => {
    expect(loadRegistryEnv(base)).toMatchObject({
      REGISTRY_MAX_REGISTRATIONS: 100_000,
      REGISTRY_MAX_REGISTRATIONS_PER_TOKEN: 1_000,
      REGISTRY_MAX_TAGS: 64,
      REGISTRY_MAX_TAG_LENGTH: 128,
      REGISTRY_MAX_NAME_LENGTH: 256,
    });
    expect(
      loadRegistryEnv({
        ...base,
        REGISTRY_MAX_REGISTRATIONS: "50",
        REGISTRY_MAX_TAGS: "0",
        REGISTRY_MAX_NAME_LENGTH: "40",
      }),
    ).toMatchObject({ REGISTRY_MAX_REGISTRATIONS: 50, REGISTRY_MAX_TAGS: 0, REGISTRY_MAX_NAME_LENGTH: 40 });
    expect(() => loadRegistryEnv({ ...base, REGISTRY_MAX_NAME_LENGTH: "300" })).toThrow(
      /REGISTRY_MAX_NAME_LENGTH: must be at most 256/,
    );
    expect(() => loadRegistryEnv({ ...base, REGISTRY_MAX_REGISTRATIONS: "0" })).toThrow(/REGISTRY_MAX_REGISTRATIONS/);
    expect(() => loadRegistryEnv({ ...base, REGISTRY_MAX_TAG_LENGTH: "1.5" })).toThrow(/REGISTRY_MAX_TAG_LENGTH/);
  });
});
