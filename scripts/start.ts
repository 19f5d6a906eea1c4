// `npm start`: the whole system in one terminal — registry, greeter and shop as separate processes with readable,
// prefixed logs. Ctrl-C stops them all (each deregisters and closes cleanly). Configuration: README, "Configuration".
import concurrently from "concurrently";
import { resolveDataDir } from "@switchboard/db";
import { readOrCreateDevToken } from "@switchboard/service";

// Writes to the registry need its token; every process gets the same one (REGISTRY_TOKEN, or the dev token file).
// The shop's operator view needs its own token, made the same way (`npm run demo:shop` reads it from there).
const dataDir = resolveDataDir(process.env.SWITCHBOARD_DATA_DIR);
const registryToken = process.env.REGISTRY_TOKEN ?? readOrCreateDevToken(dataDir, "registry");
const shopOperatorToken = process.env.SHOP_OPERATOR_TOKEN ?? readOrCreateDevToken(dataDir, "shop-operator");

const apps = [
  { name: "registry", color: "cyan" },
  { name: "greeter", color: "green" },
  { name: "shop", color: "magenta" },
];

const { result } = concurrently(
  apps.map(({ name, color }) => ({
    name,
    prefixColor: color,
    command: `node --import tsx apps/${name}/src/main.ts`,
    env: {
      LOG_FORMAT: process.env.LOG_FORMAT ?? "pretty",
      REGISTRY_TOKEN: registryToken,
      ...(name === "shop" ? { SHOP_OPERATOR_TOKEN: shopOperatorToken } : {}),
    },
  })),
  { prefix: "name", killOthersOn: ["failure"], killSignal: "SIGTERM" },
);

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
