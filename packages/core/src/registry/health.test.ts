import { describe, expect, it } from "vitest";
import { HealthProber } from "./health.ts";
import type { ServiceInstance } from "./store.ts";

const instance: ServiceInstance = {
  name: "svc",
  url: "http://127.0.0.1:1",
  tags: [],
  leaseId: "lease-1",
  ttlMs: 1_000,
  leaseExpiresAt: 1,
};

function prober(answers: boolean[]) {
  const transitions: string[] = [];
  const health = new HealthProber({
    instances: () => Promise.resolve([instance]),
    probe: () => Promise.resolve(answers.shift() ?? true),
    failureThreshold: 3,
    onTransition: (kind) => transitions.push(kind),
  });
  return { health, transitions };
}

describe("HealthProber", () => {
  it("marks an instance down only after three failures in a row, and up at the first success", async () => {
    const { health, transitions } = prober([false, false, false, false, true]);
    for (let round = 0; round < 2; round++) await health.probeAll();
    expect(health.isDown("lease-1")).toBe(false);
    await health.probeAll();
    expect(health.isDown("lease-1")).toBe(true);
    await health.probeAll();
    await health.probeAll();
    expect(health.isDown("lease-1")).toBe(false);
    expect(transitions).toEqual(["down", "up"]);
  });

  it("does not flap on scattered failures", async () => {
    const { health, transitions } = prober([false, false, true, false, false, true, false]);
    for (let round = 0; round < 7; round++) await health.probeAll();
    expect(health.isDown("lease-1")).toBe(false);
    expect(transitions).toEqual([]);
  });

  it("counts a probe that throws (refused, timed out) as a failure", async () => {
    const transitions: string[] = [];
    const health = new HealthProber({
      instances: () => Promise.resolve([instance]),
      probe: () => Promise.reject(new Error("ECONNREFUSED")),
      failureThreshold: 2,
      onTransition: (kind) => transitions.push(kind),
    });
    await health.probeAll();
    await health.probeAll();
    expect(transitions).toEqual(["down"]);
  });
});
