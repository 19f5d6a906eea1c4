// Hostile bytes below the level of inputs: request bodies that are not UTF-8 or not JSON or 10 MB long, and WebSocket
// frames with odd ids, unknown methods, batches, binary data and invalid UTF-8.
import fc from "fast-check";
import { hostileJson } from "./hostile-json.ts";

export interface RawBody {
  bytes: Uint8Array;
  contentType: string;
}

const tenMegabytes = 10 * 1024 * 1024;

/** Bytes that are not UTF-8: a lone continuation byte, an overlong encoding, a surrogate encoded, 0xff. */
const invalidUtf8 = fc.constantFrom(
  Uint8Array.of(0x80),
  Uint8Array.of(0xc0, 0xaf),
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0xff, 0xfe),
  Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
);

const utf8 = (text: string) => new TextEncoder().encode(text);
const joined = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

const bodyBytes = fc
  .oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 2_000 }) },
    // JSON with invalid UTF-8 inside a string, where a decoder substitutes U+FFFD or refuses.
    {
      weight: 3,
      arbitrary: fc
        .tuple(invalidUtf8, hostileJson)
        .map(([bad, json]) => joined(utf8('{"name":"'), bad, utf8(`","x":${json}}`))),
    },
    { weight: 1, arbitrary: hostileJson.map((json) => joined(Uint8Array.of(0xef, 0xbb, 0xbf), utf8(json))) },
    { weight: 2, arbitrary: hostileJson.map((json) => utf8(json.slice(0, Math.max(1, json.length - 1)))) },
    // 10 MB, once in a while: JSON or not.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        () => utf8(`{"name":"${"a".repeat(tenMegabytes)}"}`),
        () => new Uint8Array(tenMegabytes).fill(0xff),
      ),
    },
  )
  .map((bytes) => (typeof bytes === "function" ? bytes() : bytes));

export const rawBodies: fc.Arbitrary<RawBody> = fc.record({
  bytes: bodyBytes,
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=latin1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "",
  ),
});

export interface RawFrame {
  data: string | Buffer;
  binary: boolean;
  /** The server may end the connection over this frame (invalid UTF-8 in a text frame is a protocol error). */
  mayClose: boolean;
}

/** Ids tRPC's clients never send: huge, negative, fractional, 1e309, long strings, objects, arrays. */
const hostileIds = fc.oneof(
  fc.constantFrom("1e309", "-1", "1.5", "9007199254740993", "1e300", "null", "true", '""', "[]", "{}", "-0"),
  fc.integer({ min: 0, max: 3 }).map((exponent) => JSON.stringify("i".repeat(10 ** exponent))),
  hostileJson,
);

export function rawFrames(paths: string[]): fc.Arbitrary<RawFrame> {
  const path = fc.constantFrom(...paths).map((value) => JSON.stringify(value));
  const method = fc.oneof(
    fc.constantFrom('"query"', '"mutation"', '"subscription"', '"subscription.stop"', '"connectionParams"'),
    hostileJson,
  );
  const envelope = fc
    .tuple(hostileIds, method, path, fc.option(hostileJson, { nil: undefined }))
    .map(
      ([id, chosen, at, input]) =>
        `{"id":${id},"jsonrpc":"2.0","method":${chosen},"params":{"path":${at}${input === undefined ? "" : `,"input":${input}`}}}`,
    );
  const text = (data: string): RawFrame => ({ data, binary: false, mayClose: false });
  return fc.oneof(
    { weight: 4, arbitrary: envelope.map(text) },
    // The envelope's own fields hostile: params not an object, no method, a path that is not a string.
    {
      weight: 2,
      arbitrary: fc
        .tuple(hostileIds, hostileJson, hostileJson)
        .map(([id, chosen, params]) => text(`{"id":${id},"method":${chosen},"params":${params}}`)),
    },
    { weight: 2, arbitrary: hostileJson.map(text) },
    // A batch of envelopes in one frame, up to 200.
    { weight: 1, arbitrary: fc.array(envelope, { maxLength: 200 }).map((list) => text(`[${list.join(",")}]`)) },
    // The same subscription id twice, or stopping one that never started.
    {
      weight: 1,
      arbitrary: fc
        .tuple(hostileIds, path)
        .map(([id, at]) =>
          text(
            `[{"id":${id},"method":"subscription","params":{"path":${at}}},{"id":${id},"method":"subscription","params":{"path":${at}}},{"id":${id},"method":"subscription.stop"}]`,
          ),
        ),
    },
    { weight: 1, arbitrary: fc.constantFrom("PING", "PONG", "", " ", "null", "[]", "[[]]").map(text) },
    {
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 500 }).map((bytes) => ({
        data: Buffer.from(bytes),
        binary: true,
        mayClose: false,
      })),
    },
    // Invalid UTF-8 in a text frame: the WebSocket protocol says close (1007), the process must live on.
    {
      weight: 1,
      arbitrary: fc.constantFrom(Buffer.from([0x7b, 0xff, 0x7d]), Buffer.from([0xc0, 0xaf])).map((bytes) => ({
        data: bytes,
        binary: false,
        mayClose: true,
      })),
    },
  );
}
