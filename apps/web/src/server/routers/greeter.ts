import type { GreeterRouter } from "@switchboard/api/client";
import { z } from "zod";
import { callService } from "../call-service.ts";
import { webServices } from "../switchboard.ts";
import { t } from "../trpc.ts";

export const greeterRouter = t.router({
  /** The Pyro4 greeter example's greeting, with the address of the greeter instance that answered. */
  welcome: t.procedure
    .input(
      z.object({
        name: z.string().trim().min(1, "name must not be empty").max(100, "name must be at most 100 characters"),
      }),
    )
    .mutation(async ({ input }) => {
      const { env, switchboard } = webServices();
      let instance = "";
      const message = await callService({ label: "greeter", name: env.GREETER_NAME }, () =>
        switchboard
          .connect<GreeterRouter>(env.GREETER_NAME)
          .welcomeMessage.query(input.name, { context: { onAnswer: (url: string) => (instance = url) } }),
      );
      return { message, instance };
    }),
});
