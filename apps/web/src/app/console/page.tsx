import { ConsoleView } from "../../components/console/console-view.tsx";
import { searchParam, serverCaller } from "../../server/server-caller.ts";

export const dynamic = "force-dynamic";

export default async function ConsolePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const selection = { name: searchParam(params, "name"), procedure: searchParam(params, "procedure") };
  const caller = await serverCaller();
  const [names, procedures] = await Promise.all([
    caller.directory.names().catch(() => []),
    selection.name ? caller.console.procedures({ name: selection.name }).catch(() => undefined) : undefined,
  ]);
  return (
    <>
      <h1>Call console</h1>
      <p className="lead">
        Call any query or mutation of a registered service by name, with a form made from its input schema. The web
        server makes the call; your shop session is used where a procedure needs one.
      </p>
      <ConsoleView names={names} initialSelection={selection} initialProcedures={procedures} />
    </>
  );
}
