import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";

/** The most the web app's API reads of one request body: what a Switchboard service takes (1 MiB). */
export const maxRequestBytes = 1024 * 1024;

/**
 * The request with its body read, at most `maxBytes` of it; past that a 413 in tRPC's error shape. Next hands route
 * handlers the whole body, however large: without this, one 10 MB (or 1 GB) POST is buffered and parsed in full.
 */
export async function withBoundedBody(req: Request, maxBytes = maxRequestBytes): Promise<Request | Response> {
  if (req.body === null) return req;
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await req.body.cancel();
    return tooLarge(maxBytes);
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
}

function tooLarge(maxBytes: number): Response {
  const limit = maxBytes % (1024 * 1024) === 0 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes} bytes`;
  const error = {
    message: `the request body exceeds the limit of ${limit}`,
    code: TRPC_ERROR_CODES_BY_KEY.PAYLOAD_TOO_LARGE,
    data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, zodError: null },
  };
  return Response.json({ error }, { status: 413, headers: { connection: "close" } });
}
