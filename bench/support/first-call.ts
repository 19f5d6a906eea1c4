// A cold client process: times resolve + connect + first call to the greeter, with nothing cached or warmed up.
// Prints the elapsed microseconds. Module loading is not counted: that is process start, not the call.
// usage: first-call.ts REGISTRY_URL NAME [TRANSPORT]   (TRANSPORT: a SwitchboardOptions transport name, default ws)
import { createSwitchboard, type GreeterRouter, type SwitchboardOptions } from "@switchboard/api/client";

const [registryUrl, name, transport = "ws"] = process.argv.slice(2) as [string, string, string?];
const started = performance.now();
const switchboard = createSwitchboard({ registryUrl, transport: transport as SwitchboardOptions["transport"] });
const answer = await switchboard.connect<GreeterRouter>(name).welcomeMessage.query("Rashmi");
const elapsedUs = (performance.now() - started) * 1000;
if (answer !== "Hi welcome Rashmi") throw new Error(`unexpected answer: ${answer}`);
console.log(Math.round(elapsedUs));
switchboard.close();
