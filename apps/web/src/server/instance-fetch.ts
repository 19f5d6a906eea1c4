/**
 * GET a well-known path (`/metrics`, `/describe`, `/health`) of an instance whose URL came from the registry — never
 * a URL from the browser. The registry stores URLs without query or fragment, so the path cannot be cut off; a
 * redirect is not followed (a registered URL must not steer this server's requests elsewhere) and counts as no
 * answer, as do a timeout, an error status and a body over the cap.
 */
export async function fetchFromInstance(
  instanceUrl: string,
  path: `/${string}`,
  options: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<string | undefined> {
  const { timeoutMs = 1_500, maxBytes = 2 * 1024 * 1024 } = options;
  if (!/^https?:\/\//.test(instanceUrl)) return undefined;
  try {
    const response = await fetch(`${instanceUrl}${path}`, {
      // Never cached: Next 16 caches no fetch by default, and these pages are rendered per request.
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return undefined;
    }
    return await readCapped(response.body, maxBytes);
  } catch {
    return undefined;
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
