"""Pyro4's own client calling the greeter by name: prints one JSON line of figures.

usage: greeter_client.py NS_PORT SECONDS CONCURRENCY
"""
import json
import sys
import threading
import time

import Pyro4


def sequential(ns_port, seconds):
    with Pyro4.Proxy("PYRONAME:example.greeter@127.0.0.1:%d" % ns_port) as proxy:
        for _ in range(300):
            proxy.welcomeMessage("Rashmi")
        calls = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            proxy.welcomeMessage("Rashmi")
            calls += 1
        return calls, time.perf_counter() - start


def concurrent(ns_port, seconds, callers):
    # Pyro proxies are not shared between threads: one proxy (one connection) per caller, like Pyro's docs say.
    counts = [0] * callers
    deadline = [0.0]
    ready = threading.Barrier(callers + 1)

    def run(index):
        with Pyro4.Proxy("PYRONAME:example.greeter@127.0.0.1:%d" % ns_port) as proxy:
            proxy.welcomeMessage("warm")
            ready.wait()
            while time.perf_counter() < deadline[0]:
                proxy.welcomeMessage("Rashmi")
                counts[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(callers)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + 3600
    ready.wait()
    start = time.perf_counter()
    deadline[0] = start + seconds
    for thread in threads:
        thread.join()
    return sum(counts), time.perf_counter() - start


def main():
    ns_port, seconds, callers = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    calls, elapsed = sequential(ns_port, seconds)
    result = {"version": Pyro4.__version__, "sequential": {"calls": calls, "seconds": elapsed}}
    if callers > 1:
        calls, elapsed = concurrent(ns_port, seconds, callers)
        result["concurrent"] = {"callers": callers, "calls": calls, "seconds": elapsed}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
