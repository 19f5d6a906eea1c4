import { defaultRegistryUrl } from "@switchboard/api/client";
import { registryUrlListSchema } from "@switchboard/service";
import { z } from "zod";

const webEnvSchema = z.object({
  /** One registry, or several serving one directory (comma-separated): the web app fails over between them. */
  SWITCHBOARD_REGISTRY_URL: registryUrlListSchema.default([defaultRegistryUrl]),
  /** Registry names of the services this app shows; found through the registry, never by URL. */
  GREETER_NAME: z.string().min(1).default("example.greeter"),
  SHOP_NAME: z.string().min(1).default("example.shop.Shop"),
});

export type WebEnv = z.output<typeof webEnvSchema>;

/** Read once per server process. */
export function loadWebEnv(source: NodeJS.ProcessEnv = process.env): WebEnv {
  const parsed = webEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`invalid environment: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
