// An OTLP/HTTP receiver that takes every export and drops it, for bench:greeter's traced greeter: the service pays
// for making, batching and sending its spans; nothing here stores them.
import http from "node:http";
import type { AddressInfo } from "node:net";

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
});
server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
