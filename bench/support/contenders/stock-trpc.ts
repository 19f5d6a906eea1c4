import { createTRPCClient, httpLink } from "@trpc/client";
import type { GreeterRouter } from "@switchboard/api/client";
import type { Contender } from "./contender.ts";

/** tRPC's own client over Node's fetch, at the greeter's fixed URL: what a tRPC user has without Switchboard. */
export const stockTrpc: Contender = {
  key: "stockTrpc",
  label: "stock tRPC client, fixed URL",
  start({ greeterUrl }) {
    const client = createTRPCClient<GreeterRouter>({ links: [httpLink({ url: `${greeterUrl}/trpc` })] });
    return Promise.resolve({ call: () => client.welcomeMessage.query("Rashmi"), concurrent: true, close() {} });
  },
};
