import { describe, expect, it } from "vitest";
import { leaseClock } from "./lease-clock.ts";

// Regression: a registry frozen for longer than the leases expired every one of them on waking, before reading the
// heartbeats waiting in its sockets (the chaos run's "registry SIGSTOP 6 s": 1,360 calls failed with "unknown name").
describe("the registry's lease clock", () => {
  it("follows the wall clock while the registry runs", () => {
    let real = 1_000_000;
    const clock = leaseClock({ source: () => real });
    for (let tick = 0; tick < 50; tick++) {
      real += 100;
      expect(clock.now()).toBe(real);
    }
    expect(clock.frozenMs()).toBe(0);
  });

  it("does not count a stall: a lease due during the freeze is still live when the registry wakes", () => {
    let real = 1_000_000;
    const clock = leaseClock({ source: () => real });
    const leaseExpiresAt = clock.now() + 2_000; // a 2 s lease, just renewed
    real += 6_000; // frozen for three leases
    expect(clock.now()).toBeLessThan(leaseExpiresAt);
    expect(clock.frozenMs()).toBe(5_900);
    // After that, time runs again: without a heartbeat the lease ends 2 s (of running time) after its renewal.
    for (let tick = 0; tick < 21; tick++) {
      real += 100;
      clock.now();
    }
    expect(clock.now()).toBeGreaterThan(leaseExpiresAt);
  });

  it("never runs backwards when the wall clock is set back", () => {
    let real = 1_000_000;
    const clock = leaseClock({ source: () => real });
    const before = clock.now();
    real -= 500;
    expect(clock.now()).toBe(before);
    real += 600;
    expect(clock.now()).toBe(before + 100);
  });
});
