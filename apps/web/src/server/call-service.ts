import { TRPCError } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { answeredErrorData } from "./answered-error.ts";

export interface ServiceRef {
  /** What people call it: "greeter", "shop". */
  label: string;
  /** Its registry name. */
  name: string;
}

type ErrorCode = keyof typeof TRPC_ERROR_CODES_BY_KEY;

/**
 * Runs a call to a service and passes its refusals on unchanged (code and message: "insufficient funds: …"), so the
 * page can show them. A service that cannot be found (not registered, the registry unreachable or refusing), cannot
 * be reached or failed inside becomes SERVICE_UNAVAILABLE naming it, which the page shows as "the shop is not
 * answering" — the registry's own refusals are never passed on as the service's (its UNAUTHORIZED is not a session's).
 */
export async function callService<T>(service: ServiceRef, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const answered = answeredErrorData(error);
    const code = answered?.data.code;
    const refusedByService = answered !== undefined && typeof code === "string" && answered.resolution === undefined;
    if (refusedByService && code in TRPC_ERROR_CODES_BY_KEY && code !== "INTERNAL_SERVER_ERROR") {
      throw new TRPCError({ code: code as ErrorCode, message: answered.message });
    }
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: `the ${service.label} (${service.name}) is not answering`,
      cause: error,
    });
  }
}
