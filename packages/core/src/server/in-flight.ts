/** Counts work that has started and not finished, so a shutdown can wait until there is none. */
export function inFlight() {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    /** Counts one piece of work; call the returned function once when it finished. */
    start(): () => void {
      running++;
      return () => {
        if (--running === 0) for (const resolve of waiting.splice(0)) resolve();
      };
    },
    /** Resolves when nothing is running. */
    drained: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
  };
}
