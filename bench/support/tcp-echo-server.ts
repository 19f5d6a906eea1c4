// The ceiling: raw TCP echo of newline-delimited JSON. Nothing that sends a request and waits for the answer between
// two processes over loopback can go faster on this machine.
import net from "node:net";
import type { AddressInfo } from "node:net";

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("data", (chunk) => socket.write(chunk));
});
server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
