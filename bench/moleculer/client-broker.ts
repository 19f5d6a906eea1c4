// A Moleculer client broker that knows where the greeter's broker listens (static `urls`) and calls it by name.
import { ServiceBroker } from "moleculer";
import { greeterNodeId } from "./nodes.ts";

let brokersMade = 0;

/** Starts a new client broker and waits until it has discovered the `greeter` service (gossip over TCP). */
export async function startClientBroker(port: number, namespace: string): Promise<ServiceBroker> {
  const broker = new ServiceBroker({
    nodeID: `bench-client-${process.pid}-${++brokersMade}`,
    namespace,
    logger: false,
    transporter: {
      type: "TCP",
      options: { udpDiscovery: false, port: 0, urls: `127.0.0.1:${port}/${greeterNodeId}` },
    },
  });
  await broker.start();
  await broker.waitForServices("greeter");
  return broker;
}
