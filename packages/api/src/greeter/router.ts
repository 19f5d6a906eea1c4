import { z } from "zod";
import { initService } from "@switchboard/core/server";

const t = initService<object>();

/** The Pyro4 greeter example: `welcomeMessage(name)` → `"Hi welcome <name>"`. */
export const greeterRouter = t.router({
  welcomeMessage: t.procedure
    .input(z.string().max(1_000, "name must be at most 1000 characters"))
    .query(({ input }) => `Hi welcome ${input}`),
});

export type GreeterRouter = typeof greeterRouter;
