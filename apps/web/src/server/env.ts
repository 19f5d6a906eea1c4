import { defaultRegistryUrl } from "@switchboard/api/client";
import { registryUrlListSchema, tracingEnv } from "@switchboard/service";
import { z } from "zod";

const webEnvSchema = z.object({
  /** OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_SERVICE_NAME): this server's calls to the services become traces. */
  ...tracingEnv,
  /** One registry, or several serving one directory (comma-separated): the web app fails over between them. */
  SWITCHBOARD_REGISTRY_URL: registryUrlListSchema.default([defaultRegistryUrl]),
  /** Registry names of the services this app shows; found through the registry, never by URL. */
  GREETER_NAME: z.string().min(1).default("example.greeter"),
  SHOP_NAME: z.string().min(1).default("example.shop.Shop"),
  /**
   * The URL visitors reach the app by, when it is not the address it serves on (a TLS proxy): the only origin its
   * mutations accept, and `https://…` makes the session cookie Secure.
   */
  WEB_PUBLIC_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.url({ protocol: /^https?$/, error: "WEB_PUBLIC_URL must be an http(s) URL" }).optional(),
  ),
});

export type WebEnv = z.output<typeof webEnvSchema>;

/** Read once per server process. */
export function loadWebEnv(source: NodeJS.ProcessEnv = process.env): WebEnv {
  const parsed = webEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`invalid environment: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
