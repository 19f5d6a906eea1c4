import { resolveDataDir } from "@switchboard/db";
import { readDevToken, registryUrlFrom } from "@switchboard/service";

export interface GlobalOptions {
  registry?: string;
  token?: string;
  json?: boolean;
  timeout?: string;
}

/** The registry URL: --registry, else as every Switchboard process finds it (SWITCHBOARD_REGISTRY_URL, …). */
export function registryUrlOf(options: GlobalOptions): string {
  return options.registry ?? registryUrlFrom(process.env);
}

/** The registry token: --token, else REGISTRY_TOKEN, else the dev token `npm start` keeps in the data directory. */
export function registryTokenOf(options: GlobalOptions): string | undefined {
  return (
    options.token ?? (process.env.REGISTRY_TOKEN || readDevToken(resolveDataDir(process.env.SWITCHBOARD_DATA_DIR)))
  );
}
