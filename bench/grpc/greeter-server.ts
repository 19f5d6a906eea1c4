// The greeter as a gRPC service (grpc-js, greeter.proto), alone in its process. Prints "READY <port>".
import * as grpc from "@grpc/grpc-js";
import { GreeterService, type WelcomeReply, type WelcomeRequest } from "./greeter-service.ts";

const server = new grpc.Server();
server.addService(GreeterService.service, {
  WelcomeMessage: (
    call: grpc.ServerUnaryCall<WelcomeRequest, WelcomeReply>,
    callback: grpc.sendUnaryData<WelcomeReply>,
  ) => {
    const { name } = call.request;
    // The same rule as the Switchboard greeter's zod input: at most 1000 characters.
    if (name.length > 1_000) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: "name must be at most 1000 characters" });
      return;
    }
    callback(null, { message: `Hi welcome ${name}` });
  },
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  console.log(`READY ${port}`);
});
