import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { serviceRefusalOf, type ServiceRefusal } from "../console/call-outcome.ts";
import { describedService } from "../console/described-procedures.ts";
import { keepShopSession, sessionFieldOf } from "../console/session-field.ts";
import { webServices } from "../switchboard.ts";
import { t } from "../trpc.ts";

const serviceName = z.string().trim().min(1, "name must not be empty").max(256, "name must be at most 256 characters");
const maxInputBytes = 64 * 1024;
const maxInputDepth = 64;

/**
 * Within the input limits: measured without recursing (JSON.stringify on input nested 100,000 deep overflows the
 * stack, and its RangeError would be the refusal's message).
 */
function fitsInputLimit(value: unknown): boolean {
  if (value === undefined) return true;
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (depth > maxInputDepth) return false;
    if (typeof item === "object" && item !== null) {
      for (const child of Object.values(item)) pending.push([child, depth + 1]);
    }
  }
  return JSON.stringify(value).length <= maxInputBytes;
}

/** What a call from the console came to: the service's answer or its refusal, which instance, how long it took. */
export type ConsoleCallOutcome = { instance: string; durationMs: number } & (
  { ok: true; data: unknown } | { ok: false; refusal: ServiceRefusal }
);

/**
 * The call console: any query or mutation of any registered name, through this server. The browser names a service
 * and a procedure; the server finds both in the registry and the service's own description — never a URL from the
 * page — and fills in the shop session from the cookie where a procedure takes one (and keeps one the shop opens).
 */
export const consoleRouter = t.router({
  /** The procedures a name offers, with their input schemas, and which field the server fills in itself. */
  procedures: t.procedure.input(z.object({ name: serviceName })).query(async ({ input }) => {
    const service = await describedService(input.name);
    return {
      name: input.name,
      schemaHash: service.schemaHash,
      instances: service.instances,
      procedures: service.procedures.map((procedure) => ({
        ...procedure,
        filledByServer: sessionFieldOf(input.name, procedure.input) ?? null,
      })),
    };
  }),

  invoke: t.procedure
    .input(
      z.object({
        name: serviceName,
        path: z.string().min(1, "procedure must not be empty").max(512, "procedure must be at most 512 characters"),
        input: z
          .unknown()
          .optional()
          .refine(
            fitsInputLimit,
            `input must be at most ${maxInputBytes} bytes of JSON, nested at most ${maxInputDepth} deep`,
          ),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<ConsoleCallOutcome> => {
      const service = await describedService(input.name);
      const procedure = service.procedures.find((candidate) => candidate.path === input.path);
      if (!procedure) {
        throw new TRPCError({ code: "NOT_FOUND", message: `${input.name} has no procedure ${input.path}` });
      }
      if (procedure.type === "subscription") {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: `${input.path} is a subscription: the console calls queries and mutations`,
        });
      }
      let callInput = input.input;
      if (sessionFieldOf(input.name, procedure.input)) {
        if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "log on to the shop first" });
        callInput = { ...(typeof callInput === "object" && callInput !== null ? callInput : {}), session: ctx.session };
      }

      let instance = "";
      const started = performance.now();
      const took = () => Math.round((performance.now() - started) * 100) / 100;
      try {
        const data = await webServices().switchboard.call(
          input.name,
          { type: procedure.type, path: procedure.path, input: callInput },
          { timeoutMs: 10_000, onAnswer: (url) => (instance = url) },
        );
        return { ok: true, data: keepShopSession(input.name, data ?? null, ctx), instance, durationMs: took() };
      } catch (error) {
        const refusal = serviceRefusalOf(error);
        if (refusal) return { ok: false, refusal, instance, durationMs: took() };
        throw new TRPCError({
          code: "SERVICE_UNAVAILABLE",
          message: `${input.name} is not answering`,
          cause: error,
        });
      }
    }),
});
