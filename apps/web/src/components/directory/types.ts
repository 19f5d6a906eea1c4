import type { inferRouterOutputs } from "@trpc/server";
import type { WebRouter } from "../../server/router.ts";

export type DirectoryList = inferRouterOutputs<WebRouter>["directory"]["list"];
export type DirectoryEntry = DirectoryList["names"][number];
export type DirectoryInstance = DirectoryEntry["instances"][number];
export type InstanceInsight = NonNullable<DirectoryInstance["insight"]>;
export type CallPoint = InstanceInsight["calls"][string][number];
