import type { IncomingMessage } from "node:http";
import { TRPCError } from "@trpc/server";
import { formatBytes } from "./limits.ts";

/** What a `/trpc/…` URL asks for: one procedure or a batch of them, and the query string. */
export interface CallTarget {
  paths: string[];
  batch: boolean;
  /** The query string's parameters, read-only: one shared empty set stands for a URL without a query. */
  search: Pick<URLSearchParams, "get">;
}

const noQuery = new URLSearchParams();

/**
 * Reads `/trpc/<path>[,<path>…]?…`. A path that is not valid percent-encoding is a BAD_REQUEST, never an exception
 * in the request listener (which would take the whole process down).
 */
export function parseCallTarget(url: string, basePath: string): CallTarget {
  const queryStart = url.indexOf("?");
  const rawPath = url.slice(basePath.length, queryStart === -1 ? undefined : queryStart);
  // Parsing a query costs more than the rest of the request line: a call posted without one skips it.
  const search = queryStart === -1 ? noQuery : new URLSearchParams(url.slice(queryStart + 1));
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `the procedure path is not valid percent-encoding: ${rawPath.slice(0, 200)}`,
    });
  }
  const batch = search.get("batch") === "1";
  return { paths: batch ? decoded.split(",") : [decoded], batch, search };
}

/** JSON text → value, or tRPC's PARSE_ERROR. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TRPCError({ code: "PARSE_ERROR", message: `${what} is not valid JSON` });
  }
}

/** The request body as text, refusing more than `maxBytes` without buffering the rest (PAYLOAD_TOO_LARGE). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(bodyTooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop buffering; the reply closes the connection, so the rest of the upload is never read.
        req.removeAllListeners("data");
        req.pause();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8")));
    req.on("error", reject);
  });
}

function bodyTooLarge(maxBytes: number): TRPCError {
  return new TRPCError({
    code: "PAYLOAD_TOO_LARGE",
    message: `the request body exceeds the limit of ${formatBytes(maxBytes)}`,
  });
}

/**
 * Batch inputs (`{"0": …, "1": …}`) in path order. A batch without inputs is a batch of procedures without input;
 * anything else that is not such an object is a BAD_REQUEST.
 */
export function batchInputs(raw: unknown, count: number): unknown[] {
  if (raw === undefined) return new Array<unknown>(count).fill(undefined);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: 'a batch input must be an object keyed by index: {"0": …}' });
  }
  const byIndex = raw as Record<string, unknown>;
  return Array.from({ length: count }, (_, index) =>
    Object.hasOwn(byIndex, String(index)) ? byIndex[String(index)] : undefined,
  );
}
