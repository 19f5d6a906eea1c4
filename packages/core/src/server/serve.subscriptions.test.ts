import type { Socket } from "node:net";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import { tracked } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { z } from "zod";
import { switchboardLink } from "../client/link.ts";
import { registryTarget } from "../client/registry-target.ts";
import { createHttpTransport } from "../client/http-transport.ts";
import { createWebSocketTransport } from "../client/ws-transport.ts";
import { createTcpTransport } from "../client/tcp-transport.ts";
import { initService } from "../trpc.ts";
import { serveRouter, type ServingRouter } from "./serve.ts";

/** A feed shared by every instance, as a database or etcd would be: numbered events, and a way to wait for more. */
function sharedFeed() {
  const events: string[] = [];
  let wake: Array<() => void> = [];
  return {
    publish(text: string) {
      events.push(text);
      for (const resolve of wake.splice(0)) resolve();
    },
    async *after(lastEventId: string | undefined, signal: AbortSignal | undefined) {
      let next = lastEventId === undefined ? events.length : Number(lastEventId);
      while (!signal?.aborted) {
        while (next < events.length) {
          next++;
          yield tracked(String(next), events[next - 1] as string);
        }
        await new Promise<void>((resolve) => {
          wake.push(resolve);
          signal?.addEventListener("abort", () => resolve(), { once: true });
        });
      }
      wake = wake.filter(Boolean);
    },
  };
}

const feed = sharedFeed();
const t = initService<object>();
const router = t.router({
  feed: t.procedure
    .input(z.object({ lastEventId: z.string().optional() }).optional())
    .subscription(({ input, signal }) => feed.after(input?.lastEventId, signal)),
});

const servers: ServingRouter[] = [];
async function instance(): Promise<ServingRouter & { sockets: Socket[] }> {
  const serving = await serveRouter({ router, createContext: () => ({}), host: "127.0.0.1", port: 0 });
  const sockets: Socket[] = [];
  serving.server.on("connection", (socket) => sockets.push(socket));
  servers.push(serving);
  return Object.assign(serving, { sockets });
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((serving) => serving.close({ drainMs: 0 })));
});

/** Subscribes through Switchboard's link to whichever of the instances answers; collects what arrives. */
const transports = { tcp: createTcpTransport, ws: createWebSocketTransport, http: createHttpTransport };

function follow(urls: string[], transport: keyof typeof transports) {
  const client = createTRPCClient<typeof router>({
    links: [
      switchboardLink({
        target: registryTarget(urls),
        transport: transports[transport](),
      }),
    ],
  });
  const received: string[] = [];
  let starts = 0;
  const subscription = client.feed.subscribe(undefined, {
    onStarted: () => starts++,
    onData: ({ data }) => received.push(data),
  });
  return { received, starts: () => starts, stop: () => subscription.unsubscribe() };
}

describe("subscriptions through Switchboard", () => {
  for (const transport of ["tcp", "ws", "http"] as const) {
    it(`resumes after the last tracked event on another instance when one shuts down (${transport})`, async () => {
      const first = await instance();
      const second = await instance();
      const follower = follow([first.url, second.url], transport);
      try {
        await expect.poll(() => follower.starts()).toBe(1);
        feed.publish(`${transport} one`);
        feed.publish(`${transport} two`);
        await expect.poll(() => follower.received).toEqual([`${transport} one`, `${transport} two`]);
        await first.close({ drainMs: 0 });
        await expect.poll(() => follower.starts()).toBe(2);
        feed.publish(`${transport} three`);
        await expect
          .poll(() => follower.received)
          .toEqual([`${transport} one`, `${transport} two`, `${transport} three`]);
      } finally {
        follower.stop();
      }
    });
  }

  it("resumes without a gap or a repeat when the instance's connection is cut mid-stream", async () => {
    const first = await instance();
    const second = await instance();
    const follower = follow([first.url, second.url], "ws");
    try {
      await expect.poll(() => follower.starts()).toBe(1);
      feed.publish("before the cut");
      await expect.poll(() => follower.received).toEqual(["before the cut"]);
      for (const socket of first.sockets) socket.destroy();
      // Published while no stream is open: delivered after the resume, from lastEventId.
      feed.publish("during the cut");
      await expect.poll(() => follower.starts()).toBe(2);
      feed.publish("after the cut");
      await expect.poll(() => follower.received).toEqual(["before the cut", "during the cut", "after the cut"]);
    } finally {
      follower.stop();
    }
  });

  it("serves tRPC's stock wsLink subscriptions too", async () => {
    const only = await instance();
    const wsClient = createWSClient({ url: `${only.url.replace("http", "ws")}/trpc`, WebSocket: WebSocket as never });
    const client = createTRPCClient<typeof router>({ links: [wsLink({ client: wsClient })] });
    const received: string[] = [];
    const subscription = client.feed.subscribe(undefined, {
      onStarted: () => feed.publish("stock"),
      onData: ({ data }) => received.push(data),
    });
    try {
      await expect.poll(() => received).toEqual(["stock"]);
    } finally {
      subscription.unsubscribe();
      await wsClient.close();
    }
  });
});
