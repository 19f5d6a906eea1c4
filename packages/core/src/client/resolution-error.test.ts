import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { resolutionError, resolutionOf } from "./resolution-error.ts";

describe("resolutionOf", () => {
  it("reads a resolution failure, also from another copy of TRPCClientError (a bundle may hold two)", () => {
    expect(resolutionOf(resolutionError("acme.gone", "NOT_FOUND", "unknown name"))).toEqual({
      service: "acme.gone",
      cause: "NOT_FOUND",
    });
    class OtherCopyOfTRPCClientError extends Error {
      data = { code: "SERVICE_UNAVAILABLE", resolution: { service: "acme.gone", cause: "UNREACHABLE" } };
    }
    expect(resolutionOf(new OtherCopyOfTRPCClientError("cannot resolve"))).toEqual({
      service: "acme.gone",
      cause: "UNREACHABLE",
    });
  });

  it("says undefined for the service's own errors and for anything else", () => {
    const refused = TRPCClientError.from({ error: { code: -32004, message: "nope", data: { code: "NOT_FOUND" } } });
    for (const error of [refused, new Error("x"), null, "text", { data: { resolution: { service: 1 } } }])
      expect(resolutionOf(error)).toBeUndefined();
  });
});
