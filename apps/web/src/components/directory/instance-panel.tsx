import { HealthStrip } from "../charts/health-strip.tsx";
import { leaseAge } from "./format.ts";
import { ProcedureRow, type ProcedureSummary } from "./procedure-row.tsx";
import type { DirectoryInstance, InstanceInsight } from "./types.ts";

const schemaTagPrefix = "switchboard:schema=";

/** One live instance: its address, tags, lease, health over the last minute, and each procedure's calls. */
export function InstancePanel({
  serviceName,
  instance,
  now,
  chartLimit,
}: {
  serviceName: string;
  instance: DirectoryInstance;
  now: number;
  /** How many instances a list charts (shown when this one is past it). */
  chartLimit: number;
}) {
  const { insight } = instance;
  const tags = instance.tags.filter((tag) => !tag.startsWith(schemaTagPrefix));
  const schemaHash = instance.tags.find((tag) => tag.startsWith(schemaTagPrefix))?.slice(schemaTagPrefix.length);
  const procedures = insight ? proceduresOf(insight) : [];
  return (
    <section className="instance" data-url={instance.url} aria-label={`instance ${instance.url}`}>
      <dl className="instance-facts">
        <div>
          <dt>Instance</dt>
          <dd className="url">{instance.url}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>{tags.length ? tags.join(", ") : "—"}</dd>
        </div>
        <div>
          <dt>Last heartbeat</dt>
          <dd>{leaseAge(instance, now)}</dd>
        </div>
        <div>
          <dt>Health</dt>
          <dd className="health">
            {insight && <HealthStrip marks={insight.health} />}
            <span>{instance.healthy ? "healthy" : "failing checks"}</span>
          </dd>
        </div>
        {schemaHash && (
          <div>
            <dt>Schema</dt>
            <dd>
              <code>{schemaHash}</code>
            </dd>
          </div>
        )}
      </dl>
      {!insight ? (
        <p className="empty">
          Not charted: only the first {chartLimit} instances listed are. Narrow the name prefix or tag to see this one.
        </p>
      ) : procedures.length === 0 ? (
        <p className="empty">
          {insight.description ? "No procedures." : "This instance does not describe its procedures."}
        </p>
      ) : (
        <table className="procedures">
          <thead>
            <tr>
              <th scope="col">Procedure</th>
              <th scope="col">Calls</th>
              <th scope="col">Latency p50 / p99</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {procedures.map((procedure) => (
              <ProcedureRow
                key={procedure.path}
                serviceName={serviceName}
                procedure={procedure}
                points={insight.calls[procedure.path] ?? []}
                sampled={Object.keys(insight.calls).length > 0}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What the instance describes, then what its metrics show calls to that it does not describe. */
function proceduresOf(insight: InstanceInsight): ProcedureSummary[] {
  const described: ProcedureSummary[] = (insight.description?.procedures ?? []).map((procedure) => ({
    path: procedure.path,
    type: procedure.type,
  }));
  const known = new Set(described.map((procedure) => procedure.path));
  const seenOnly = Object.keys(insight.calls)
    .filter((path) => !known.has(path))
    .sort()
    .map((path) => ({ path, type: null }));
  return [...described, ...seenOnly];
}
