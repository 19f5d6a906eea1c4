import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { HealthProber, httpHealthProbe } from "./health.ts";
import type { ServiceInstance } from "./store.ts";

const instanceAt = (url: string, leaseId: string): ServiceInstance => ({
  name: "svc",
  url,
  tags: [],
  leaseId,
  ttlMs: 10_000,
  leaseExpiresAt: Date.now() + 10_000,
});

// Whoever may register chooses what the registry's prober requests: it must not become a fast port scanner.
describe("the health prober's budget per host", () => {
  it("probes at most maxProbesPerHost instances of one host per round, the others in later rounds, in turn", async () => {
    const scanned = Array.from({ length: 10 }, (_, port) => instanceAt(`http://10.0.0.5:${8000 + port}`, `l${port}`));
    const other = instanceAt("http://10.0.0.6:80", "other");
    const rounds: string[][] = [];
    let round: string[] = [];
    const health = new HealthProber({
      instances: () => Promise.resolve([...scanned, other]),
      probe: (instance) => (round.push(instance.url), Promise.resolve(true)),
      maxProbesPerHost: 4,
    });
    for (let index = 0; index < 3; index++) {
      round = [];
      await health.probeAll();
      rounds.push(round);
    }
    for (const probed of rounds) {
      expect(probed.filter((url) => url.startsWith("http://10.0.0.5:"))).toHaveLength(4);
      expect(probed).toContain("http://10.0.0.6:80");
    }
    // Three rounds of 4 cover all 10 ports (and two again): none is starved.
    expect(new Set(rounds.flat().filter((url) => url.startsWith("http://10.0.0.5:"))).size).toBe(10);
  });

  it("answers only healthy or not: no redirect followed, nothing fetched for a URL that is not http(s)", async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/moved/health") res.writeHead(302, { location: "http://127.0.0.1:1/health" }).end();
      else res.writeHead(200).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const probe = httpHealthProbe(1_000);
      expect(await probe(instanceAt(base, "a"))).toBe(true);
      expect(await probe(instanceAt(`${base}/moved`, "b"))).toBe(false);
      expect(await probe(instanceAt("file:///etc/passwd", "c"))).toBe(false);
      expect(requests).toEqual(["/health", "/moved/health"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
