import { DirectoryView } from "../components/directory/directory-view.tsx";
import { searchParam, serverCaller } from "../server/server-caller.ts";

// Rendered per request: the directory is live data, and reads without JavaScript.
export const dynamic = "force-dynamic";

export default async function DirectoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const filters = { prefix: searchParam(params, "prefix"), tag: searchParam(params, "tag") };
  // A registry that cannot be read now is shown by the page as it retries in the browser.
  const initial = await (await serverCaller()).directory.list(filters).catch(() => undefined);
  return (
    <>
      <h1>Service directory</h1>
      <p className="lead">
        Every name in the registry with its live instances, what each offers, and how its calls go — calls per second,
        latency and errors over the last minute. It follows the registry as it changes.
      </p>
      <DirectoryView initial={initial} initialFilters={filters} />
    </>
  );
}
