import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError, type AnyRouter } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/unstable-core-do-not-import";
import { callRouterProcedure, errorOutcome, hasProcedure, type CallOutcome } from "./call-procedure.ts";
import type { CreateContext } from "./context.ts";

export const trpcBasePath = "/trpc/";
/** Request bodies above this are refused with PAYLOAD_TOO_LARGE before they are parsed. */
export const maxBodyBytes = 1024 * 1024;

export interface HttpHandlerOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext: CreateContext<unknown>;
  onError?: (error: TRPCError, path: string | undefined) => void;
}

/**
 * tRPC over HTTP for `/trpc/<path>`. A single call (GET for queries with `?input=`, POST for mutations — and for
 * queries, as tRPC's `methodOverride: "POST"` sends them — with a JSON body) takes a lean path straight to the procedure; anything else — batches, subscriptions over SSE, method
 * mismatches, unknown paths — goes to tRPC's own standalone handler, so the wire semantics stay exactly tRPC's.
 */
export function createTrpcHttpHandler<TRouter extends AnyRouter>(options: HttpHandlerOptions<TRouter>) {
  const { router, createContext, onError } = options;
  const stockHandler = createHTTPHandler({
    router,
    basePath: trpcBasePath,
    allowMethodOverride: true,
    createContext: ({ req }) => createContext({ headers: req.headers }),
    onError: ({ error, path }) => onError?.(error, path),
  });

  return function handleTrpcRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = decodeURIComponent(url.slice(trpcBasePath.length, queryStart === -1 ? undefined : queryStart));
    const search = queryStart === -1 ? "" : url.slice(queryStart + 1);
    const type = singleCallType(req.method, path);
    if (!type || search.includes("batch=")) {
      stockHandler(req, res);
      return;
    }
    void handleSingleCall(req, res, { type, path, search, inputInBody: req.method === "POST" });
  };

  /**
   * GET calls a query; POST calls a mutation, or a query with its input in the body (tRPC's method override, which
   * keeps inputs such as session tokens out of URLs and access logs). Anything else is left to the stock handler.
   */
  function singleCallType(method: string | undefined, path: string): "query" | "mutation" | null {
    if (method === "GET") return hasProcedure(router, path, "query") ? "query" : null;
    if (method !== "POST") return null;
    if (hasProcedure(router, path, "mutation")) return "mutation";
    return hasProcedure(router, path, "query") ? "query" : null;
  }

  async function handleSingleCall(
    req: IncomingMessage,
    res: ServerResponse,
    call: { type: "query" | "mutation"; path: string; search: string; inputInBody: boolean },
  ): Promise<void> {
    let input: unknown;
    let outcome: CallOutcome;
    try {
      input = call.inputInBody ? await inputFromBody(req) : inputFromSearch(call.search);
      const ctx = await createContext({ headers: req.headers });
      outcome = await callRouterProcedure({ router, ctx, type: call.type, path: call.path, input });
    } catch (cause) {
      outcome = errorOutcome(router, cause, { type: call.type, path: call.path, input, ctx: undefined });
    }
    if (!outcome.ok) onError?.(outcome.cause, call.path);
    const body = JSON.stringify(outcome.ok ? { result: { data: outcome.data } } : { error: outcome.error });
    const closeAfter = !outcome.ok && outcome.cause.code === "PAYLOAD_TOO_LARGE";
    res.writeHead(outcome.ok ? 200 : getHTTPStatusCodeFromError(outcome.cause), {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      ...(closeAfter ? { connection: "close" } : {}),
    });
    res.end(body);
  }
}

function inputFromSearch(search: string): unknown {
  const raw = new URLSearchParams(search).get("input");
  return raw === null ? undefined : parseJson(raw);
}

function inputFromBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        // Stop reading; the response closes the connection so the rest of the upload is never buffered.
        req.removeAllListeners("data");
        req.pause();
        reject(new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `request body exceeds ${maxBodyBytes} bytes` }));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text === "" ? undefined : parseJson(text));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TRPCError({ code: "PARSE_ERROR", message: "input is not valid JSON" });
  }
}
