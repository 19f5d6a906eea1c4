import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

const t = initService<object>();
const router = t.router({ greet: t.procedure.input(z.string()).query(({ input }) => `hello ${input}`) });

/** Sends raw bytes and returns the status line of the answer (or "closed"). */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? "closed"));
    socket.on("error", () => resolve("closed"));
    setTimeout(() => socket.end(), 500);
  });
}

// One malformed request must never take the process down: every request-path error is a 4xx answer.
describe("malformed requests", () => {
  let serving: ServingRouter;
  beforeAll(async () => {
    serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
  });
  afterAll(() => serving.close());

  it.each([
    ["a lone percent sign in the path", "/trpc/%"],
    ["a truncated escape in the path", "/trpc/gr%E0%A4%A"],
    ["a bad escape in the input", "/trpc/greet?input=%"],
    ["input that is not JSON", "/trpc/greet?input=%7Bnope"],
    ["a batch input that is not an object", "/trpc/greet?batch=1&input=%5B1%5D"],
    ["an empty batch path", "/trpc/?batch=1"],
  ])("answers %s with a 4xx tRPC error and keeps serving", async (_, path) => {
    const response = await fetch(`${serving.url}${path}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toMatchObject({});
    expect(await (await fetch(`${serving.url}/trpc/greet?input=%22Ann%22`)).json()).toEqual({
      result: { data: "hello Ann" },
    });
  });

  it("answers a bad path with BAD_REQUEST saying why", async () => {
    const response = await fetch(`${serving.url}/trpc/%`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: "the procedure path is not valid percent-encoding: %", data: { code: "BAD_REQUEST" } },
    });
  });

  it("survives raw garbage, odd methods and broken headers on the socket", async () => {
    const answers = await Promise.all([
      rawRequest(serving.url, "GET /trpc/% HTTP/1.1\r\nHost: x\r\n\r\n"),
      rawRequest(serving.url, "BREW /trpc/greet HTTP/1.1\r\nHost: x\r\n\r\n"),
      rawRequest(serving.url, "POST /trpc/greet HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"),
      rawRequest(serving.url, "\x00\x01\x02 garbage\r\n\r\n"),
      rawRequest(serving.url, "GET /trpc HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"),
    ]);
    for (const answer of answers) expect(answer).toMatch(/^(HTTP\/1\.1 4\d\d|closed|)/);
    expect((await fetch(`${serving.url}/health`)).status).toBe(200);
  });
});
