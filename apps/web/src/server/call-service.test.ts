import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callService } from "./call-service.ts";

const shop = { label: "shop", name: "example.shop.Shop" };
const answered = (code: string, message: string, extra: object = {}) =>
  TRPCClientError.from({ error: { code: -32000, message, data: { code, httpStatus: 400, ...extra } } });

async function refusalOf(error: Error) {
  return callService(shop, () => Promise.reject(error)).catch((caught: unknown) => caught as TRPCError);
}

describe("calling a service from the web app's server", () => {
  it("passes the service's own refusals on as they are", async () => {
    const refusal = await refusalOf(answered("PRECONDITION_FAILED", "insufficient funds: balance 12.00, price 37.00"));
    expect(refusal).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "insufficient funds: balance 12.00, price 37.00",
    });
  });

  it("says the service is not answering when its name cannot be resolved, whatever the registry said", async () => {
    for (const cause of ["NOT_FOUND", "UNAUTHORIZED", "UNREACHABLE"]) {
      const resolution = { service: shop.name, cause };
      const refusal = await refusalOf(
        answered("SERVICE_UNAVAILABLE", `cannot resolve ${shop.name}: …`, { resolution }),
      );
      expect(refusal).toBeInstanceOf(TRPCError);
      // Not UNAUTHORIZED: the page must not take a gated registry for an expired session and log the user out.
      expect(refusal).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        message: "the shop (example.shop.Shop) is not answering",
      });
    }
  });
});
