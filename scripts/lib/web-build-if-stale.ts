// `npm start` and `npm run start:cluster` serve the web app's production build: made first when there is none or
// its sources changed since.
import { buildWeb } from "./web.ts";
import { webBuildIsStale } from "./web-build.ts";

/** Builds the web app when needed; says so first, since it takes about half a minute. Returns whether it built. */
export async function buildWebIfStale(say: (line: string) => void): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  say("building the web app (first start, or its sources changed) …");
  await buildWeb();
  return true;
}
