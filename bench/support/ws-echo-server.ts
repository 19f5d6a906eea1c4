// The WebSocket ceiling: every message echoed back on its socket by the `ws` library Switchboard's transport uses.
// Nothing that sends a request over a WebSocket and waits for the answer can go faster on this machine.
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
server.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.on("listening", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
