import { greeterClient, welcomeMessage } from "../../grpc/greeter-service.ts";
import { medianOf } from "../call-rates.ts";
import { expectedAnswer, type Contender } from "./contender.ts";

/** grpc-js 1.14: unary WelcomeMessage (bench/grpc/greeter.proto) on one channel to its own server process. */
export const grpc: Contender = {
  key: "grpc",
  label: "gRPC (grpc-js), fixed address",
  async start({ startServer }) {
    const port = await startServer("bench/grpc/greeter-server.ts");
    const client = greeterClient(port);
    return {
      call: () => welcomeMessage(client, "Rashmi"),
      concurrent: true,
      // A new client is a new channel: create it and call (connection and HTTP/2 handshake included).
      firstCall: async () => ({
        runningProcessMs: await medianOf(5, async () => {
          const started = performance.now();
          const fresh = greeterClient(port);
          const answer = await welcomeMessage(fresh, "Rashmi");
          const elapsedMs = performance.now() - started;
          fresh.close();
          if (answer !== expectedAnswer) throw new Error(`gRPC answered ${JSON.stringify(answer)}`);
          return elapsedMs;
        }),
      }),
      close: () => client.close(),
    };
  },
};
