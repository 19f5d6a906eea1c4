import { TRPCError } from "@trpc/server";
import { callService } from "../call-service.ts";
import { instanceSampler } from "../metrics/instance-sampler.ts";
import { webServices } from "../switchboard.ts";
import { schemaHashOfTags, type ServiceDescription } from "./service-description.ts";

/**
 * What a registered name offers, from the `/describe` of its live instances (the first that answered). The name is
 * looked up in the registry: the console never learns an address from the browser.
 */
export async function describedService(name: string): Promise<ServiceDescription & { instances: number }> {
  const { instances } = await callService({ label: "registry", name: "the registry" }, () =>
    webServices().switchboard.registry.lookup.query({ name }),
  ).catch((error: unknown) => {
    throw new TRPCError({ code: "NOT_FOUND", message: `${name} is not registered`, cause: error });
  });
  // A few instances are enough to learn what a name offers (they run one version, or the first answers).
  const insights = await instanceSampler().insights(
    new Map(instances.slice(0, 10).map((instance) => [instance.url, schemaHashOfTags(instance.tags)])),
  );
  const description = [...insights.values()].find((insight) => insight.description)?.description;
  if (!description) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `${name} does not describe its procedures (GET /describe), so the console cannot call it`,
    });
  }
  return { ...description, instances: instances.length };
}
