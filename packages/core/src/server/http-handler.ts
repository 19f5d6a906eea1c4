import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError, type AnyRouter } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { CreateContext } from "./context.ts";
import { batchInputs, parseCallTarget, parseJson, readBody, type CallTarget } from "./http-request.ts";
import type { ServerLimits } from "./limits.ts";
import { errorOutcome, procedureTypeAt, runProcedure, type CallOutcome, type ProcedureType } from "./procedures.ts";
import { encodeReply } from "./reply.ts";
import type { CallObserver, ObservedCall } from "./observe/call-observer.ts";

export const trpcBasePath = "/trpc/";

export interface HttpHandlerOptions<TRouter extends AnyRouter> {
  router: TRouter;
  createContext: CreateContext<unknown>;
  limits: Required<ServerLimits>;
  onError?: (error: TRPCError, path: string | undefined, logFields?: Record<string, string>) => void;
  /** Counts and traces every call (see `createCallObserver`). */
  observer?: CallObserver;
}

/**
 * tRPC over HTTP at `/trpc/<path>`, in tRPC's wire format: single calls and batches (GET for queries with `?input=`,
 * POST for mutations and — tRPC's method override — for queries with their input in the body), each straight to the
 * procedure. What needs streaming (subscriptions over SSE, `httpBatchStreamLink`'s JSON lines) or a non-JSON body
 * (FormData, octet streams) goes to tRPC's own standalone handler, with the same request cap.
 */
export function createTrpcHttpHandler<TRouter extends AnyRouter>(options: HttpHandlerOptions<TRouter>) {
  const { router, createContext, limits, onError, observer } = options;
  const stockHandler = createHTTPHandler({
    router,
    basePath: trpcBasePath,
    allowMethodOverride: true,
    maxBodySize: limits.maxRequestBytes,
    createContext: ({ req }) => createContext({ headers: req.headers }),
    onError: ({ error, path }) => onError?.(error, path),
  });

  // Open SSE streams, ended when the service shuts down: the client resumes them elsewhere.
  const streams = new Set<ServerResponse>();

  function handleTrpcRequest(req: IncomingMessage, res: ServerResponse): void {
    let target: CallTarget;
    try {
      target = parseCallTarget(req.url ?? "/", trpcBasePath);
    } catch (cause) {
      respond(
        res,
        [errorOutcome(router, cause, { type: "unknown", path: undefined, input: undefined, ctx: undefined })],
        false,
      );
      return;
    }
    if (needsStockHandler(req, target)) {
      if (streams.size >= limits.maxStreams) {
        const refused = new TRPCError({
          code: "SERVICE_UNAVAILABLE",
          message: `the server has ${streams.size} streams open, its limit (maxStreams ${limits.maxStreams}): try again later`,
        });
        res.setHeader("retry-after", "1");
        const [path] = target.paths;
        respond(
          res,
          [errorOutcome(router, refused, { type: "subscription", path, input: undefined, ctx: undefined })],
          false,
        );
        return;
      }
      streams.add(res);
      res.once("close", () => streams.delete(res));
      const isSubscription = req.method === "GET" && !target.batch;
      const open = isSubscription ? observer?.metrics?.subscriptions("sse", target.paths[0] ?? "") : undefined;
      if (open) {
        open.value++;
        res.once("close", () => open.value--);
      }
      // tRPC's handler runs the subscription inside its span (continuing the subscriber's trace) until the stream ends.
      const traced = isSubscription
        ? observer?.startSubscription("sse", target.paths[0] ?? "", req.headers)
        : undefined;
      if (!traced) return stockHandler(req, res);
      res.once("close", () => traced.end());
      traced.run(() => stockHandler(req, res));
      return;
    }
    void handleCalls(req, res, target);
  }

  return Object.assign(handleTrpcRequest, {
    /** Ends every open stream (SSE subscriptions, streamed batches): what must not hold a shutdown open. */
    endStreams() {
      for (const stream of streams) stream.destroy();
    },
  });

  /** Streams and non-JSON bodies; everything else is answered here. */
  function needsStockHandler(req: IncomingMessage, target: CallTarget): boolean {
    if (req.headers["trpc-accept"] === "application/jsonl") return true;
    const contentType = req.headers["content-type"] ?? "";
    if (contentType.startsWith("multipart/form-data") || contentType.startsWith("application/octet-stream"))
      return true;
    return req.method === "GET" && !target.batch && procedureTypeAt(router, target.paths[0] ?? "") === "subscription";
  }

  async function handleCalls(req: IncomingMessage, res: ServerResponse, target: CallTarget): Promise<void> {
    let outcomes: CallOutcome[];
    let observed: ObservedCall[] | undefined;
    try {
      const { inputs, bytes } = await inputsOf(req, target);
      if (observer) {
        const perCall = bytes / target.paths.length; // a batch's body is shared by its calls
        observed = target.paths.map((path) => observer.start("http", path, perCall, req.headers));
      }
      const ctx = await createContext({ headers: req.headers });
      const call = (path: string, index: number) => {
        const run = () => callOne(req.method, path, inputs[index], ctx);
        return observed?.[index] ? observed[index].run(run) : run();
      };
      // One call is the common request: awaited alone, without a batch's array of promises.
      outcomes =
        target.paths.length === 1 ? [await call(target.paths[0]!, 0)] : await Promise.all(target.paths.map(call));
    } catch (cause) {
      outcomes = target.paths.map((path) =>
        errorOutcome(router, cause, { type: "unknown", path, input: undefined, ctx: undefined }),
      );
    }
    outcomes.forEach((outcome, index) => {
      if (!outcome.ok) onError?.(outcome.cause, target.paths[index], observed?.[index]?.logFields());
    });
    const replies = respond(res, outcomes, target.batch, target.paths);
    if (observed) replies.forEach((reply, index) => observed[index]?.end(reply.outcome, reply.bytes));
  }

  async function inputsOf(req: IncomingMessage, target: CallTarget): Promise<{ inputs: unknown[]; bytes: number }> {
    if (req.method !== "GET" && req.method !== "POST") {
      throw new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: `${req.method} is not supported: use GET or POST` });
    }
    const text = req.method === "POST" ? await readBody(req, limits.maxRequestBytes) : target.search.get("input");
    const raw = text === null || text === "" ? undefined : parseJson(text, "the input");
    const bytes = text === null ? 0 : Buffer.byteLength(text);
    return { inputs: target.batch ? batchInputs(raw, target.paths.length) : [raw], bytes };
  }

  /** GET calls a query; POST a mutation, or a query (method override). Unknown paths are tRPC's NOT_FOUND. */
  function callOne(method: string | undefined, path: string, rawInput: unknown, ctx: unknown): Promise<CallOutcome> {
    const declared = procedureTypeAt(router, path);
    const wrongMethod =
      declared === "subscription"
        ? `${path} is a subscription: subscribe over SSE (GET, not batched) or WebSocket`
        : method === "GET" && declared === "mutation"
          ? `${path} is a mutation: POST it`
          : undefined;
    if (wrongMethod) {
      const refused = new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: wrongMethod });
      return Promise.resolve(
        errorOutcome(router, refused, { type: declared ?? "unknown", path, input: rawInput, ctx }),
      );
    }
    const type: ProcedureType = declared ?? (method === "GET" ? "query" : "mutation");
    return runProcedure(router, { type, path, rawInput, ctx });
  }

  /** Writes the reply; returns each call's final outcome (a too-large reply becomes an error) and its size. */
  function respond(
    res: ServerResponse,
    outcomes: CallOutcome[],
    batch: boolean,
    paths: string[] = [],
  ): Array<{ outcome: CallOutcome; bytes: number }> {
    const replies = outcomes.map((outcome, index) => encodeReply(router, outcome, limits.maxReplyBytes, paths[index]));
    const statuses = new Set(replies.map(({ outcome }) => statusOf(outcome)));
    const status = statuses.size === 1 ? ([...statuses][0] as number) : 207;
    const body = batch ? `[${replies.map(({ text }) => text).join(",")}]` : (replies[0]?.text ?? "null");
    const bodyBytes = Buffer.byteLength(body);
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": bodyBytes,
    };
    // After a refused upload the rest of it is still on the socket: close it rather than read it.
    if (replies.some(({ outcome }) => !outcome.ok && outcome.cause.code === "PAYLOAD_TOO_LARGE")) {
      headers.connection = "close";
    }
    res.writeHead(status, headers);
    res.end(body);
    // A batch's calls are sized by their own JSON (UTF-16 length: exact for ASCII, and free).
    return replies.map(({ outcome, text }) => ({ outcome, bytes: batch ? text.length : bodyBytes }));
  }
}

function statusOf(outcome: CallOutcome): number {
  return outcome.ok ? 200 : getHTTPStatusCodeFromError(outcome.cause);
}
