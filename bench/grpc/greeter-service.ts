// The Greeter service of greeter.proto, loaded at run time with @grpc/proto-loader (no generated code).
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";

export interface WelcomeRequest {
  name: string;
}
export interface WelcomeReply {
  message: string;
}

/** The client proto-loader builds for the Greeter service. */
export interface GreeterClient extends grpc.Client {
  WelcomeMessage(request: WelcomeRequest, callback: grpc.requestCallback<WelcomeReply>): grpc.ClientUnaryCall;
}

const protoPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "greeter.proto");
const examplePackage = grpc.loadPackageDefinition(loadSync(protoPath)).example as grpc.GrpcObject;

export const GreeterService = examplePackage.Greeter as grpc.ServiceClientConstructor;

/** A new client on its own channel (its own connection: no subchannel shared with other clients). */
export function greeterClient(port: number): GreeterClient {
  return new GreeterService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  }) as unknown as GreeterClient;
}

/** One unary WelcomeMessage call; resolves with the reply's message. */
export function welcomeMessage(client: GreeterClient, name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    client.WelcomeMessage({ name }, (error, reply) => (error ? reject(error) : resolve(reply?.message ?? ""))),
  );
}
