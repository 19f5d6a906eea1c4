import type * as PromClient from "prom-client";
import type { Registry } from "prom-client";

/** Prometheus text exposition format 0.0.4, what `/metrics` answers. */
export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/**
 * A registry for Switchboard's own metrics that prom-client merges (`Registry.merge`) and formats like its own, made
 * without loading prom-client: bundlers that follow an import into `@switchboard/core` for a browser page (a shared
 * schema module) must not meet prom-client's Node-only modules. prom-client is loaded when the text is first asked for.
 */
class MetricsRegistry {
  readonly contentType = prometheusContentType;
  private readonly byName = new Map<string, { name: string }>();

  registerMetric(metric: { name: string }): void {
    const known = this.byName.get(metric.name);
    if (known && known !== metric)
      throw new Error(`A metric with the name ${metric.name} has already been registered.`);
    this.byName.set(metric.name, metric);
  }

  getMetricsAsArray(): Array<{ name: string }> {
    return [...this.byName.values()];
  }

  getSingleMetric(name: string): { name: string } | undefined {
    return this.byName.get(name);
  }

  /** The Prometheus text of these metrics. */
  async metrics(): Promise<string> {
    const { Registry: PromRegistry } = await loadPromClient();
    return PromRegistry.merge([this as unknown as Registry]).metrics();
  }
}

/**
 * prom-client, loaded on first use. The bundler is told not to follow this import (it would put prom-client's
 * Node-only modules into browser bundles); Node resolves it at run time, in a Next server bundle too.
 */
export function loadPromClient(): Promise<typeof PromClient> {
  return import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "prom-client");
}

/** A new registry, typed as prom-client's (it has what Switchboard and `Registry.merge` use of one). */
export function createMetricsRegistry(): Registry {
  return new MetricsRegistry() as unknown as Registry;
}
