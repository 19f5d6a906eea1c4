import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseEnv } from "./env.ts";
import { serverLimitsEnv, serverLimitsOf } from "./server-limits-env.ts";

const schema = z.object(serverLimitsEnv);

describe("the server limits from the environment", () => {
  it("passes set variables to serve's limits and leaves unset ones to the library's defaults", () => {
    const env = parseEnv(schema, { SWITCHBOARD_MAX_STREAMS: "200", SWITCHBOARD_HEADERS_TIMEOUT_MS: "5000" });
    expect(serverLimitsOf(env)).toEqual({
      maxConnections: undefined,
      maxConnectionsPerAddress: undefined,
      maxWebSockets: undefined,
      maxStreams: 200,
      headersTimeoutMs: 5_000,
      requestTimeoutMs: undefined,
      maxBufferedBytes: undefined,
    });
  });

  it("refuses a bad value at start-up, naming the variable", () => {
    expect(() => parseEnv(schema, { SWITCHBOARD_MAX_CONNECTIONS: "0" })).toThrow(/SWITCHBOARD_MAX_CONNECTIONS:/);
    expect(() => parseEnv(schema, { SWITCHBOARD_MAX_BUFFERED_BYTES: "lots" })).toThrow(
      /SWITCHBOARD_MAX_BUFFERED_BYTES:/,
    );
  });
});
