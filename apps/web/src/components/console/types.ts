import type { inferRouterOutputs } from "@trpc/server";
import type { WebRouter } from "../../server/router.ts";

type Outputs = inferRouterOutputs<WebRouter>;
export type ServiceProcedures = Outputs["console"]["procedures"];
export type ConsoleProcedure = ServiceProcedures["procedures"][number];
export type ConsoleCallOutcome = Outputs["console"]["invoke"];
