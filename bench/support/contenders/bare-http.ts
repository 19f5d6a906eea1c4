import http from "node:http";
import type { Contender } from "./contender.ts";

/** A JSON POST to a bare http.createServer handler (bench/support/bare-http-server.ts): no framework at all. */
export const bareHttp: Contender = {
  key: "bareHttp",
  label: "bare node:http keep-alive",
  async start({ startServer }) {
    const port = await startServer("bench/support/bare-http-server.ts");
    const agent = new http.Agent({ keepAlive: true });
    const body = JSON.stringify("Rashmi");
    const call = () =>
      new Promise<string>((resolve, reject) => {
        const request = http.request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/",
            agent,
            headers: { "content-type": "application/json" },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () => resolve((JSON.parse(text) as { result: string }).result));
          },
        );
        request.on("error", reject);
        request.end(body);
      });
    return { call, concurrent: true, close: () => agent.destroy() };
  },
};
