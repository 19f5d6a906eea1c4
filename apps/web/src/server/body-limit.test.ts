import { describe, expect, it } from "vitest";
import { withBoundedBody } from "./body-limit.ts";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/api/trpc/shop.signUp", { method: "POST", body, headers });

describe("the web API's request body limit", () => {
  it("passes a body within the limit on unchanged", async () => {
    const bounded = await withBoundedBody(post('{"name":"Ann"}'), 100);
    expect(bounded).toBeInstanceOf(Request);
    expect(await (bounded as Request).text()).toBe('{"name":"Ann"}');
  });

  it("refuses a body over the limit with 413 PAYLOAD_TOO_LARGE in tRPC's error shape, whether declared or streamed", async () => {
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(50).fill(0x61));
        controller.close();
      },
    });
    for (const request of [
      post("a".repeat(101)),
      new Request("http://127.0.0.1/api/trpc/x", { method: "POST", body: streamed, duplex: "half" } as RequestInit),
    ]) {
      const refused = (await withBoundedBody(request, 100)) as Response;
      expect(refused.status).toBe(413);
      expect(await refused.json()).toEqual({
        error: {
          message: "the request body exceeds the limit of 100 bytes",
          code: -32013,
          data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, zodError: null },
        },
      });
    }
  });
});
