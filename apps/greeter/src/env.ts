import { z } from "zod";
import {
  commonServiceEnv,
  hostSchema,
  parseEnv,
  portSchema,
  registryUrlFrom,
  tagListSchema,
} from "@switchboard/service";

const greeterEnvSchema = z.object({
  GREETER_HOST: hostSchema,
  GREETER_PORT: portSchema.default(4001),
  /** The name clients resolve; the Pyro4 example used "server", Switchboard's default is dotted. */
  GREETER_NAME: z.string().min(1).default("example.greeter"),
  /** The URL to register, when clients must reach this process by another address than host:port. */
  GREETER_PUBLIC_URL: z.url().optional(),
  /** Metadata tags of this instance, comma-separated: clients can `connect({ tags })` by them. */
  GREETER_TAGS: tagListSchema,
  ...commonServiceEnv,
});

export type GreeterEnv = z.output<typeof greeterEnvSchema>;

export function loadGreeterEnv(source: NodeJS.ProcessEnv = process.env): GreeterEnv {
  return parseEnv(greeterEnvSchema, { ...source, SWITCHBOARD_REGISTRY_URL: registryUrlFrom(source) });
}
