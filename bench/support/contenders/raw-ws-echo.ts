import WebSocket from "ws";
import type { Contender } from "./contender.ts";
import { echoMessage, inOrderAnswers } from "./echo-message.ts";

/** The same message echoed over one `ws` WebSocket (bench/support/ws-echo-server.ts): the WebSocket ceiling. */
export const rawWsEcho: Contender = {
  key: "rawWs",
  label: "raw WebSocket echo (ceiling)",
  async start({ startServer }) {
    const port = await startServer("bench/support/ws-echo-server.ts");
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const answers = inOrderAnswers();
    socket.on("message", (data: Buffer) => answers.answer(data.toString()));
    const call = () => {
      const answer = answers.expect();
      socket.send(echoMessage);
      return answer;
    };
    return { call, answer: echoMessage, concurrent: true, close: () => socket.close() };
  },
};
