"""The Pyro4 greeter example served by Pyro4, for side-by-side benchmarks.

Starts its own name server on an ephemeral port, registers the greeter, prints "READY <ns-port>" and serves.
"""
import sys
import threading

import Pyro4
import Pyro4.naming


@Pyro4.expose
class Server(object):
    def welcomeMessage(self, name):
        return "Hi welcome " + str(name)


def main():
    # The default pool (40 workers) refuses the 64 concurrent callers of the benchmark.
    Pyro4.config.THREADPOOL_SIZE = 128
    ns_uri, ns_daemon, _broadcast = Pyro4.naming.startNS(host="127.0.0.1", port=0, enableBroadcast=False)
    threading.Thread(target=ns_daemon.requestLoop, daemon=True).start()
    daemon = Pyro4.Daemon(host="127.0.0.1")
    uri = daemon.register(Server())
    Pyro4.locateNS(host="127.0.0.1", port=ns_uri.port).register("example.greeter", uri)
    print("READY %d" % ns_uri.port, flush=True)
    daemon.requestLoop()


if __name__ == "__main__":
    sys.exit(main())
