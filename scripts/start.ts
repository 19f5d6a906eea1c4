// `npm start`: the whole system in one terminal — registry, greeter, shop and the web app as separate processes with
// readable, prefixed logs. Ctrl-C stops them all (each deregisters and closes cleanly). The web app runs its production
// build, made first when there is none or its sources changed. Configuration: README, "Configuration".
import concurrently from "concurrently";
import { resolveDataDir } from "@switchboard/db";
import { devSecrets } from "./lib/dev-secrets.ts";
import { buildWebIfStale } from "./lib/web-build-if-stale.ts";

const dataDir = resolveDataDir(process.env.SWITCHBOARD_DATA_DIR);
const { registryToken, shopOperatorToken } = devSecrets(dataDir);

const webHost = process.env.WEB_HOST ?? "127.0.0.1";
const webPort = process.env.WEB_PORT ?? "3000";
await buildWebIfStale((line) => console.log(line));

const apps = [
  { name: "registry", color: "cyan" },
  { name: "greeter", color: "green" },
  { name: "shop", color: "magenta" },
];

const services = apps.map(({ name, color }) => ({
  name,
  prefixColor: color,
  command: `node --import tsx apps/${name}/src/main.ts`,
  env: {
    LOG_FORMAT: process.env.LOG_FORMAT ?? "pretty",
    REGISTRY_TOKEN: registryToken,
    ...(name === "shop" ? { SHOP_OPERATOR_TOKEN: shopOperatorToken } : {}),
  },
}));
const web = {
  name: "web",
  prefixColor: "yellow",
  command: `npm run start -w @switchboard/web --silent`,
  env: { WEB_HOST: webHost, WEB_PORT: webPort, NEXT_TELEMETRY_DISABLED: "1" },
};

const { result } = concurrently([...services, web], {
  prefix: "name",
  killOthersOn: ["failure"],
  killSignal: "SIGTERM",
});
console.log(`web app: http://${webHost}:${webPort}  (directory, greeter, shop)`);

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
