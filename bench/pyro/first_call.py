"""The first call of new Pyro4 clients: Proxy("PYRONAME:…") + welcomeMessage, each a new proxy (name server lookup,
connect, handshake, call). Prints one JSON line: every sample in milliseconds; the first is this fresh process's first.

usage: first_call.py NS_PORT SAMPLES
"""
import json
import sys
import time

import Pyro4


def main():
    ns_port, count = int(sys.argv[1]), int(sys.argv[2])
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        with Pyro4.Proxy("PYRONAME:example.greeter@127.0.0.1:%d" % ns_port) as proxy:
            answer = proxy.welcomeMessage("Rashmi")
            samples.append((time.perf_counter() - started) * 1000)
        if answer != "Hi welcome Rashmi":
            raise SystemExit("unexpected answer: %r" % answer)
    print(json.dumps({"version": Pyro4.__version__, "samplesMs": samples}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
