import http from "node:http";
import https from "node:https";
import { subscribeOverSse } from "./sse-subscription.ts";
import { describeError, httpTrpcUrlOf, TransportError, type CallEnvelope, type Transport } from "./transport.ts";

/**
 * Calls over plain HTTP with keep-alive sockets, in tRPC's HTTP format. Every call is a POST with its input in the
 * body — for queries that is tRPC's method override — so inputs such as session tokens never sit in a URL, where
 * proxies and access logs keep them. Subscriptions travel as SSE. For places where a WebSocket is not wanted; the
 * same server answers both.
 */
export function createHttpTransport(
  options: { headers?: Record<string, string>; holdsProcess?: boolean } = {},
): Transport {
  const extraHeaders = options.headers ?? {};
  const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  return {
    request(baseUrl, call, signal) {
      const url = `${httpTrpcUrlOf(baseUrl)}/${encodeURIComponent(call.path)}`;
      const body = call.input !== undefined ? JSON.stringify(call.input) : undefined;
      const protocol = url.startsWith("https:") ? "https:" : "http:";
      const client = protocol === "https:" ? https : http;
      return new Promise<CallEnvelope>((resolve, reject) => {
        const request = client.request(
          url,
          {
            method: "POST",
            agent: agents[protocol],
            signal,
            headers: withTraceHeaders(
              body === undefined
                ? extraHeaders
                : { ...extraHeaders, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
              call,
            ),
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => (text += chunk));
            response.on("end", () => {
              try {
                resolve(JSON.parse(text) as CallEnvelope);
              } catch (error) {
                reject(
                  new TransportError(
                    `${url} answered ${response.statusCode} with a body that is not tRPC JSON`,
                    url,
                    true,
                    { cause: error },
                  ),
                );
              }
            });
          },
        );
        request.on("error", (error) => {
          if (signal?.aborted) return reject(signal.reason as Error);
          // A refused connection never carried the request; anything later may have.
          const sent = (error as NodeJS.ErrnoException).code !== "ECONNREFUSED";
          reject(new TransportError(`${url}: ${describeError(error)}`, url, sent, { cause: error }));
        });
        request.end(body);
      });
    },
    subscribe: (baseUrl, request, listener) =>
      subscribeOverSse(baseUrl, request, listener, { headers: extraHeaders, holdsProcess: options.holdsProcess }),
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

/** The call's trace context as `traceparent`/`tracestate` headers, when it is traced. */
function withTraceHeaders(
  headers: Record<string, string | number>,
  { traceparent, tracestate }: { traceparent?: string; tracestate?: string },
): Record<string, string | number> {
  if (traceparent === undefined) return headers;
  return { ...headers, traceparent, ...(tracestate ? { tracestate } : {}) };
}
