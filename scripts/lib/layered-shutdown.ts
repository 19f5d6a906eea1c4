// Stops what a script started in layers, top layer first: services deregister while the registries still run, the
// registries close while etcd still answers, and the databases go last. A part that is added after the stop began
// (it was still starting) is stopped at once.

export interface StoppablePart {
  label: string;
  stop(): Promise<void>;
}

export class LayeredShutdown {
  private readonly layers: StoppablePart[][] = [];
  private stopping: Promise<void> | undefined;

  constructor(private readonly say: (line: string) => void) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Adds a part to layer `layer` (0 = the bottom: stopped last). */
  add(layer: number, part: StoppablePart): void {
    if (this.stopping) {
      void part.stop();
      return;
    }
    (this.layers[layer] ??= []).push(part);
  }

  /** Stops every layer, top first, the parts of one layer together. Calling it again returns the same promise. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const layer of [...this.layers].reverse()) {
        if (!layer || layer.length === 0) continue;
        this.say(`stopping ${layer.map((part) => part.label).join(", ")} …`);
        await Promise.all(layer.map((part) => part.stop().catch(() => undefined)));
      }
    })();
    return this.stopping;
  }
}
