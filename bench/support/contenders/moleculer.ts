import { freePort } from "../../../scripts/lib/processes.ts";
import { startClientBroker } from "../../moleculer/client-broker.ts";
import { medianOf } from "../call-rates.ts";
import { expectedAnswer, type Contender } from "./contender.ts";

/**
 * Moleculer 0.15: the greeter as a service on its own broker process (bench/moleculer/greeter-server.ts), TCP
 * transporter, called by name — broker.call("greeter.welcomeMessage", { name }) — from a client broker here.
 */
export const moleculer: Contender = {
  key: "moleculer",
  label: "Moleculer 0.15, by name (TCP)",
  async start({ startServer }) {
    // One namespace per run: brokers of other runs on this machine never join it.
    const namespace = `bench-greeter-${process.pid}`;
    const port = await startServer("bench/moleculer/greeter-server.ts", [String(await freePort()), namespace]);
    const broker = await startClientBroker(port, namespace);
    return {
      call: () => broker.call("greeter.welcomeMessage", { name: "Rashmi" }),
      concurrent: true,
      // A new client broker: start, discover the greeter's node and its services, then call. Discovery is what a
      // Moleculer client waits for (the TCP transporter's gossip), so three samples are enough to take a median of.
      firstCall: async () => ({
        runningProcessMs: await medianOf(3, async () => {
          const started = performance.now();
          const client = await startClientBroker(port, namespace);
          const answer = await client.call("greeter.welcomeMessage", { name: "Rashmi" });
          const elapsedMs = performance.now() - started;
          await client.stop();
          if (answer !== expectedAnswer) throw new Error(`Moleculer answered ${JSON.stringify(answer)}`);
          return elapsedMs;
        }),
      }),
      close: () => broker.stop(),
    };
  },
};
