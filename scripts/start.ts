// `npm start`: the whole system in one terminal — registry, greeter, shop and the web app as separate processes with
// readable, prefixed logs. Ctrl-C stops them all (each deregisters and closes cleanly). The web app runs its production
// build, made first when there is none or its sources changed. Configuration: README, "Configuration".
import concurrently from "concurrently";
import { resolveDataDir } from "@switchboard/db";
import { readOrCreateDevToken } from "@switchboard/service";
import { buildWeb } from "./lib/web.ts";
import { webBuildIsStale } from "./lib/web-build.ts";

// Writes to the registry need its token; every process gets the same one (REGISTRY_TOKEN, or the dev token file).
// The shop's operator view needs its own token, made the same way (`npm run demo:shop` reads it from there).
const dataDir = resolveDataDir(process.env.SWITCHBOARD_DATA_DIR);
const registryToken = process.env.REGISTRY_TOKEN ?? readOrCreateDevToken(dataDir, "registry");
const shopOperatorToken = process.env.SHOP_OPERATOR_TOKEN ?? readOrCreateDevToken(dataDir, "shop-operator");

const webHost = process.env.WEB_HOST ?? "127.0.0.1";
const webPort = process.env.WEB_PORT ?? "3000";
if (webBuildIsStale()) {
  console.log("building the web app (first start, or its sources changed) …");
  await buildWeb();
}

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
