import net from "node:net";
import type { Contender } from "./contender.ts";
import { echoMessage, inOrderAnswers } from "./echo-message.ts";

/** Newline-delimited JSON echoed over one raw socket (bench/support/tcp-echo-server.ts): the TCP ceiling. */
export const rawTcpEcho: Contender = {
  key: "rawTcp",
  label: "raw TCP echo (ceiling)",
  async start({ startServer }) {
    const port = await startServer("bench/support/tcp-echo-server.ts");
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once("connect", resolve));
    const answers = inOrderAnswers();
    let buffered = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      // With callers in flight, one chunk may carry several lines, or end in the middle of one.
      for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n")) {
        answers.answer(buffered.slice(0, end));
        buffered = buffered.slice(end + 1);
      }
    });
    const line = `${echoMessage}\n`;
    const call = () => {
      const answer = answers.expect();
      socket.write(line);
      return answer;
    };
    return { call, answer: echoMessage, concurrent: true, close: () => void socket.destroy() };
  },
};
