// The message the raw echo contenders send: the shape of a small RPC request, about the size of Switchboard's frame.
export const echoMessage = JSON.stringify({ id: 1, method: "welcomeMessage", params: "Rashmi" });

/** Answers in the order the echo returns them: one waiting call per message sent, first in, first out. */
export function inOrderAnswers() {
  const waiting: Array<(answer: string) => void> = [];
  return {
    expect: () => new Promise<string>((resolve) => waiting.push(resolve)),
    answer: (text: string) => waiting.shift()?.(text),
  };
}
