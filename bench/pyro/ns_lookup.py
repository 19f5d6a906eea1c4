"""Pyro4's name server with N registrations: lookup latency from Pyro's own client. Prints one JSON line.

usage: ns_lookup.py NS_PORT REGISTRATIONS LOOKUPS
"""
import json
import random
import sys
import time

import Pyro4


def main():
    ns_port, registrations, lookups = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    ns = Pyro4.locateNS(host="127.0.0.1", port=ns_port)
    for index in range(registrations):
        ns.register("bench.svc.%d" % index, "PYRO:obj_%d@127.0.0.1:%d" % (index, 10000 + index % 50000))
    names = ["bench.svc.%d" % random.randrange(registrations) for _ in range(lookups)]
    for name in names[:200]:
        ns.lookup(name)
    samples = []
    for name in names:
        started = time.perf_counter()
        ns.lookup(name)
        samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    print(json.dumps({"version": Pyro4.__version__, "p50Us": samples[len(samples) // 2], "p99Us": samples[int(len(samples) * 0.99)]}))


if __name__ == "__main__":
    sys.exit(main())
