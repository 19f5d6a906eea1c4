// The two secrets a local system needs, the same way for `npm start` and `npm run start:cluster`: writes to the
// registry need its token and every process gets the same one; the shop's operator view needs its own. Each comes from
// the environment (REGISTRY_TOKEN, SHOP_OPERATOR_TOKEN) or from a dev token file made once in the data directory
// (mode 0600), which `npm run demo:shop` and the CLI also read.
import { readOrCreateDevToken } from "@switchboard/service";

export interface DevSecrets {
  registryToken: string;
  shopOperatorToken: string;
}

export function devSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): DevSecrets {
  return {
    registryToken: env.REGISTRY_TOKEN ?? readOrCreateDevToken(dataDir, "registry"),
    shopOperatorToken: env.SHOP_OPERATOR_TOKEN ?? readOrCreateDevToken(dataDir, "shop-operator"),
  };
}
