// The greeter as a Moleculer service: a `greeter` service with a `welcomeMessage` action on its own broker, reachable
// over Moleculer's TCP transporter (no message broker). Prints "READY <port>" once its broker has started.
// usage: greeter-server.ts PORT NAMESPACE
import { ServiceBroker, type Context } from "moleculer";
import { greeterNodeId } from "./nodes.ts";

const [port, namespace] = process.argv.slice(2) as [string, string];
const broker = new ServiceBroker({
  nodeID: greeterNodeId,
  namespace,
  logger: false,
  // UDP discovery is off: clients are given this node's address (static `urls`) and learn its services by gossip.
  // UDP multicast and broadcast on loopback discover it too, as slowly (~2.5 s here), but through a UDP port every
  // run on the machine shares.
  transporter: { type: "TCP", options: { udpDiscovery: false, port: Number(port) } },
});
broker.createService({
  name: "greeter",
  actions: {
    welcomeMessage: {
      // Validated like the Switchboard greeter's zod input (a string of at most 1000 characters).
      params: { name: { type: "string", max: 1_000 } },
      handler: (ctx: Context<{ name: string }>) => `Hi welcome ${ctx.params.name}`,
    },
  },
});
await broker.start();
console.log(`READY ${port}`);
