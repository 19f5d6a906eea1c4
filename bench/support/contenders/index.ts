// Every contender of bench:greeter, in the order each round runs them and the table lists them.
import type { Contender } from "./contender.ts";
import { bareHttp } from "./bare-http.ts";
import { grpc } from "./grpc.ts";
import { moleculer } from "./moleculer.ts";
import { pyro4 } from "./pyro4.ts";
import { rawTcpEcho } from "./raw-tcp-echo.ts";
import { rawWsEcho } from "./raw-ws-echo.ts";
import { stockTrpc } from "./stock-trpc.ts";
import { switchboardHttp } from "./switchboard-http.ts";
import { switchboardMetricsOff } from "./switchboard-metrics-off.ts";
import { switchboardMetricsOn } from "./switchboard-metrics-on.ts";
import { switchboardTraced } from "./switchboard-traced.ts";
import { switchboardTcp } from "./switchboard-tcp.ts";
import { switchboardWebSocket } from "./switchboard-websocket.ts";

export const contenders: Contender[] = [
  switchboardTcp,
  switchboardMetricsOn,
  switchboardMetricsOff,
  switchboardTraced,
  switchboardWebSocket,
  switchboardHttp,
  stockTrpc,
  bareHttp,
  moleculer,
  grpc,
  pyro4,
  rawWsEcho,
  rawTcpEcho,
];
