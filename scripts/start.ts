// `npm start`: the whole system in one terminal — registry, greeter and shop as separate processes with readable,
// prefixed logs. Ctrl-C stops them all (each deregisters and closes cleanly). Configuration: README, "Configuration".
import concurrently from "concurrently";

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
    env: { LOG_FORMAT: process.env.LOG_FORMAT ?? "pretty" },
  })),
  { prefix: "name", killOthersOn: ["failure"], killSignal: "SIGTERM" },
);

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
