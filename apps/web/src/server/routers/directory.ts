import { EventEmitter, on } from "node:events";
import { z } from "zod";
import { callService } from "../call-service.ts";
import { schemaHashOfTags } from "../console/service-description.ts";
import { instanceSampler } from "../metrics/instance-sampler.ts";
import { webServices } from "../switchboard.ts";
import { t } from "../trpc.ts";

const registry = { label: "registry", name: "switchboard.registry" };

/** Instances charted per list; past it the page says to narrow the filters. */
export const maxChartedInstances = 100;

/**
 * The live service directory: every name with its instances — what each offers, its recent calls and health — and a
 * stream that says when to look again.
 */
export const directoryRouter = t.router({
  list: t.procedure
    .input(
      z.object({
        prefix: z.string().trim().max(256, "prefix must be at most 256 characters").default(""),
        tag: z.string().trim().max(64, "tag must be at most 64 characters").default(""),
      }),
    )
    .query(async ({ input }) => {
      const names = await callService(registry, () =>
        webServices().switchboard.registry.list.query({ prefix: input.prefix }),
      );
      // The registry filters by one thing at a time: prefix there, tag here.
      const filtered = names
        .map((entry) => ({
          ...entry,
          instances: input.tag
            ? entry.instances.filter((instance) => instance.tags.includes(input.tag))
            : entry.instances,
        }))
        .filter((entry) => entry.instances.length > 0);
      // What each instance offers and how its calls go, sampled by this server from its /describe and /metrics —
      // for the first ones listed only, so a directory of thousands does not have this server scrape them all.
      const charted = filtered.flatMap((entry) => entry.instances).slice(0, maxChartedInstances);
      const insights = await instanceSampler().insights(
        new Map(charted.map((instance) => [instance.url, schemaHashOfTags(instance.tags)])),
      );
      const withInsights = filtered.map((entry) => ({
        ...entry,
        instances: entry.instances.map((instance) => ({ ...instance, insight: insights.get(instance.url) ?? null })),
      }));
      return { names: withInsights, now: Date.now(), maxChartedInstances };
    }),

  /** The registered names alone, for the console's choice of service. */
  names: t.procedure.query(async () => {
    const names = await callService(registry, () => webServices().switchboard.registry.list.query({ prefix: "" }));
    return names.map((entry) => entry.name);
  }),

  /** One message per registry change (registered, updated, removed, expired); the page lists again on each. */
  changes: t.procedure.subscription(async function* ({ signal }) {
    const events = new EventEmitter();
    const stop = webServices().switchboard.watch(
      {},
      {
        onEvent: (event) => events.emit("change", { kind: event.kind, name: event.name, url: event.url }),
        onError: () => undefined,
      },
    );
    try {
      for await (const [change] of on(events, "change", { signal })) {
        yield change as { kind: string; name: string; url: string };
      }
    } catch (error) {
      // The page went away: that ends the stream, it is not a failure.
      if (!signal?.aborted) throw error;
    } finally {
      stop();
    }
  }),
});
