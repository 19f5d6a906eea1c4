import type { ServerLimits } from "@switchboard/core/server";
import { z } from "zod";

const count = (max: number) => z.coerce.number().int().min(1).max(max).optional();
const milliseconds = z.coerce.number().int().min(100).max(3_600_000).optional();

/**
 * The connection, stream and buffer caps every app's server takes from its environment (unset: the library's
 * defaults, in docs/reliability.md). Spread into an app's env schema; `serverLimitsOf` turns the parsed values into
 * `serve({ limits })`.
 */
export const serverLimitsEnv = {
  SWITCHBOARD_MAX_CONNECTIONS: count(1_000_000),
  SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS: count(1_000_000),
  SWITCHBOARD_MAX_WEBSOCKETS: count(1_000_000),
  SWITCHBOARD_MAX_STREAMS: count(1_000_000),
  SWITCHBOARD_HEADERS_TIMEOUT_MS: milliseconds,
  SWITCHBOARD_REQUEST_TIMEOUT_MS: milliseconds,
  SWITCHBOARD_MAX_BUFFERED_BYTES: z.coerce.number().int().min(64 * 1024).optional(),
};

type ServerLimitsEnv = { [Key in keyof typeof serverLimitsEnv]?: number };

export function serverLimitsOf(env: ServerLimitsEnv): ServerLimits {
  return {
    maxConnections: env.SWITCHBOARD_MAX_CONNECTIONS,
    maxConnectionsPerAddress: env.SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS,
    maxWebSockets: env.SWITCHBOARD_MAX_WEBSOCKETS,
    maxStreams: env.SWITCHBOARD_MAX_STREAMS,
    headersTimeoutMs: env.SWITCHBOARD_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.SWITCHBOARD_REQUEST_TIMEOUT_MS,
    maxBufferedBytes: env.SWITCHBOARD_MAX_BUFFERED_BYTES,
  };
}
