import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFromInstance } from "../instance-fetch.ts";
import { InstanceSampler } from "./instance-sampler.ts";

// A real HTTP server standing in for an instance: its call counter grows by 10 between scrapes.
let calls = 0;
let describeRequests = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/metrics") {
      calls += 10;
      response.end(
        [
          `switchboard_server_calls_total{procedure="welcomeMessage",code="OK"} ${calls}`,
          `switchboard_server_call_duration_seconds_bucket{procedure="welcomeMessage",le="0.002"} ${calls}`,
          `switchboard_server_call_duration_seconds_bucket{procedure="welcomeMessage",le="+Inf"} ${calls}`,
        ].join("\n"),
      );
    } else if (request.url === "/health") {
      response.end('{"status":"ok"}');
    } else if (request.url === "/describe") {
      describeRequests++;
      const input = { type: "string", maxLength: 1000 };
      const procedure = { path: "welcomeMessage", type: "query", idempotent: false, input, output: null };
      response.end(JSON.stringify({ name: "example.greeter", schemaHash: "abc", procedures: [procedure, { bad: 1 }] }));
    } else if (request.url === "/elsewhere/health") {
      response.writeHead(302, { location: "http://127.0.0.1:1/health" }).end();
    } else {
      response.end("x".repeat(4096));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("sampling the instances the directory shows", () => {
  it("describes a new instance at once, then charts its calls interval by interval", async () => {
    const sampler = new InstanceSampler({ intervalMs: 100 });
    try {
      const first = (await sampler.insights(new Map([[url, "abc"]]))).get(url)!;
      expect(first.description).toEqual({
        name: "example.greeter",
        schemaHash: "abc",
        procedures: [
          {
            path: "welcomeMessage",
            type: "query",
            idempotent: false,
            input: { type: "string", maxLength: 1000 },
            output: null,
          },
        ],
      });
      expect(first.health).toEqual([{ at: expect.any(Number) as number, up: true }]);
      await new Promise((resolve) => setTimeout(resolve, 450));
      const later = (await sampler.insights(new Map([[url, "abc"]]))).get(url)!;
      const points = later.calls.welcomeMessage!;
      expect(points.length).toBeGreaterThanOrEqual(2);
      for (const point of points) {
        expect(point.rate).toBeGreaterThan(0);
        expect(point.p50Ms).toBeCloseTo(1, 6);
        expect(point.errorRate).toBe(0);
      }
      // The same schema hash: described once.
      expect(describeRequests).toBe(1);
      await sampler.insights(new Map([[url, "def"]]));
      expect(describeRequests).toBe(2);
    } finally {
      sampler.stop();
    }
  });

  it("marks an instance that does not answer as down, with no calls", async () => {
    const sampler = new InstanceSampler();
    const insight = (await sampler.insights(new Map([["http://127.0.0.1:1", undefined]]))).get("http://127.0.0.1:1")!;
    sampler.stop();
    expect(insight).toEqual({
      description: null,
      calls: {},
      health: [{ at: expect.any(Number) as number, up: false }],
    });
  });

  it("follows no redirect and reads no more than its cap", async () => {
    expect(await fetchFromInstance(`${url}/elsewhere`, "/health")).toBeUndefined();
    expect(await fetchFromInstance(url, "/big", { maxBytes: 1024 })).toBeUndefined();
    expect(await fetchFromInstance(url, "/big")).toHaveLength(4096);
    expect(await fetchFromInstance("file:///etc", "/passwd")).toBeUndefined();
  });
});
