// A cold client process: times resolve + connect + first call to the greeter, with nothing cached or warmed up.
// Prints the elapsed microseconds. Module loading is not counted: that is process start, not the call.
import { createSwitchboard, type GreeterRouter } from "@switchboard/api/client";

const [registryUrl, name] = process.argv.slice(2) as [string, string];
const started = performance.now();
const switchboard = createSwitchboard({ registryUrl });
const answer = await switchboard.connect<GreeterRouter>(name).welcomeMessage.query("Rashmi");
const elapsedUs = (performance.now() - started) * 1000;
if (answer !== "Hi welcome Rashmi") throw new Error(`unexpected answer: ${answer}`);
console.log(Math.round(elapsedUs));
switchboard.close();
