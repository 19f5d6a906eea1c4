import { defaultRegistryUrl } from "@switchboard/api/client";
import { z } from "zod";

const webEnvSchema = z.object({
  SWITCHBOARD_REGISTRY_URL: z.url().default(defaultRegistryUrl),
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
