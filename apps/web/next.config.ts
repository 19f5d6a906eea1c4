import type { NextConfig } from "next";

const config: NextConfig = {
  // The workspace packages are TypeScript source (with .ts import extensions); Next compiles them like app code.
  transpilePackages: ["@switchboard/api", "@switchboard/core", "@switchboard/service"],
  // Node-only client pieces (WebSocket, SSE) stay plain requires on the server.
  serverExternalPackages: ["ws", "eventsource", "pino", "pino-pretty"],
  // `next dev` is opened at localhost; this keeps 127.0.0.1 working too.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};

export default config;
