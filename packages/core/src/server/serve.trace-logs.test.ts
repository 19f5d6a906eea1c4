import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { silentLogger } from "../shared/logger.ts";
import { initService } from "../trpc.ts";
import { serve, type RunningService } from "./serve-service.ts";

const t = initService<object>();
const router = t.router({
  crash: t.procedure.query(() => {
    throw new Error("the disk is on fire");
  }),
});

describe("a server's log line about a call carries the caller's trace id", () => {
  const lines: Array<Record<string, unknown> & { message: string }> = [];
  let service: RunningService;
  beforeAll(async () => {
    const log = {
      ...silentLogger,
      error: (fields: Record<string, unknown>, message: string) => void lines.push({ ...fields, message }),
    };
    service = await serve(router, { log, exitOnSignals: false });
  });
  afterAll(() => service.shutdown("test"));

  // This process installs no tracing SDK: the ids come from the traceparent the caller sent.
  for (const transport of ["http", "ws"] as const) {
    it(`over ${transport}`, async () => {
      const traceId = crypto.randomUUID().replaceAll("-", "");
      const spanId = traceId.slice(16);
      const traceparent = `00-${traceId}-${spanId}-01`;
      if (transport === "http") {
        const response = await fetch(`${service.url}/trpc/crash`, { headers: { traceparent } });
        expect(response.status).toBe(500);
      } else {
        const socket = new WebSocket(`${service.url.replace("http", "ws")}/trpc`);
        await new Promise((resolve) => socket.once("open", resolve));
        const answered = new Promise((resolve) => socket.once("message", resolve));
        socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "crash", traceparent } }));
        await answered;
        socket.close();
      }
      expect(lines.find((line) => line.trace_id === traceId)).toMatchObject({
        message: "procedure failed",
        path: "crash",
        span_id: spanId,
      });
    });
  }
});
