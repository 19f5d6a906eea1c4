import type { RegistryEvent, Switchboard } from "@switchboard/api/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSystem, type RunningSystem } from "../../scripts/lib/processes.ts";

/** Collects watch events until `done` says enough, or fails after `timeoutMs`. */
function collect(
  switchboard: Switchboard,
  options: Parameters<Switchboard["watch"]>[0],
  done: (events: RegistryEvent[]) => boolean,
  timeoutMs = 10_000,
) {
  const events: RegistryEvent[] = [];
  let stop = () => undefined as void;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const finished = new Promise<RegistryEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`watch saw only ${JSON.stringify(events.map((event) => `${event.kind} ${event.name}`))}`));
    }, timeoutMs);
    stop = switchboard.watch(options, {
      onEvent: (event) => {
        events.push(event);
        if (done(events)) {
          clearTimeout(timer);
          stop();
          resolve(events);
        }
      },
      onError: reject,
      onStarted: () => markStarted(),
    });
  });
  return { events, started, finished, stop: () => stop() };
}

const summary = (events: RegistryEvent[]) => events.map((event) => `${event.kind} ${event.name}`);

describe("watch, over SSE against a real registry", () => {
  let system: RunningSystem;
  let switchboard: Switchboard;

  beforeAll(async () => {
    system = await startSystem({ REGISTRY_SWEEP_INTERVAL_MS: "100" });
    switchboard = system.switchboard();
  });
  afterAll(() => system.stopAll());

  it("streams one name's registration, retagging and removal, and is not woken by other names", async () => {
    const watching = collect(switchboard, { name: "test.watched" }, (events) => events.length >= 3);
    await watching.started;
    await switchboard.registry.register.mutate({ name: "test.other", url: "http://127.0.0.1:8" });
    const lease = await switchboard.registry.register.mutate({ name: "test.watched", url: "http://127.0.0.1:9" });
    await switchboard.registry.heartbeat.mutate({ leaseId: lease.leaseId });
    await switchboard.registry.setMetadata.mutate({ name: "test.watched", tags: ["v2"] });
    await switchboard.registry.deregister.mutate({ leaseId: lease.leaseId });
    expect(summary(await watching.finished)).toEqual([
      "registered test.watched",
      "updated test.watched",
      "removed test.watched",
    ]);
  });

  it("reports a killed service's lease expiring, by prefix", async () => {
    const watching = collect(switchboard, { prefix: "test.dying" }, (events) =>
      events.some((event) => event.kind === "expired"),
    );
    await watching.started;
    const greeter = await system.start("greeter", {
      GREETER_NAME: "test.dying.greeter",
      SWITCHBOARD_LEASE_TTL_MS: "300",
    });
    await greeter.stop("SIGKILL");
    expect(summary(await watching.finished)).toEqual(["registered test.dying.greeter", "expired test.dying.greeter"]);
  });

  it("resumes from the last event id and misses nothing that happened in between", async () => {
    const first = collect(switchboard, { prefix: "test.resume." }, (events) => events.length >= 1);
    await first.started;
    await switchboard.registry.register.mutate({ name: "test.resume.a", url: "http://127.0.0.1:1" });
    const [seen] = await first.finished;
    // Away: two changes happen while nobody watches.
    await switchboard.registry.register.mutate({ name: "test.resume.b", url: "http://127.0.0.1:2" });
    await switchboard.registry.remove.mutate({ name: "test.resume.a" });
    const resumed = collect(
      switchboard,
      { prefix: "test.resume.", lastEventId: seen?.id },
      (events) => events.length >= 2,
    );
    expect(summary(await resumed.finished)).toEqual(["registered test.resume.b", "removed test.resume.a"]);
  });
});
