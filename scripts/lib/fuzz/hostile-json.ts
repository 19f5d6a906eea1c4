// Hostile inputs as JSON text, which is what travels: text can hold what JSON.stringify never writes — 1e309 (parsed
// as Infinity), -0, duplicate keys, own `__proto__` keys, escaped lone surrogates, thousands of nesting levels.
import fc from "fast-check";

/** Numbers a money or lease field must refuse or survive: overflow, fractions of a cent, the edges of 32 and 53 bits. */
const numberLiterals = fc.oneof(
  fc.constantFrom(
    "1e309",
    "-1e309",
    "-0",
    "0",
    "1e-400",
    "37.005",
    "0.1",
    "-5",
    "1",
    "100000001",
    "2147483647",
    "2147483648",
    "4294967296",
    "9007199254740993",
    "1e21",
    "-9007199254740993",
    "123456789012345678901234567890",
  ),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
);

/** Text JSON cannot carry as it is: these are not JSON at all, and must be PARSE_ERROR, not a crash. */
const notJson = fc.constantFrom("NaN", "Infinity", "-Infinity", "undefined", "{", "[1,", '{"a":}', "'a'", "0x10", "");

const keyNames = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "__defineGetter__",
    "then",
    "0",
    "",
    "name",
    "url",
    "tags",
    "session",
    "amountCents",
    "priceCents",
    "idempotencyKey",
    "leaseId",
  ),
  fc.string({ maxLength: 12 }),
);

/** Strings: empty, control characters, every plane, lone surrogates, names and tags far over any limit. */
export const hostileStrings = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  // Text around a lone surrogate, a control character or a mark that changes how it reads (BOM, right-to-left).
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 10 }),
        fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff", "\u0000", "\u0007", "\n", "\u007f", "\ufeff", "\u202e"),
        fc.string({ maxLength: 10 }),
      )
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: fc.constantFrom("\u0000", "\ud800", "\udfff", "\ufeff", "\u202e", " ", "\n\r\t") },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 300_000 }).map((length) => "n".repeat(length)) },
  { weight: 1, arbitrary: fc.constantFrom("http://127.0.0.1:9", "file:///etc/passwd", "javascript:x", "http://a@b/") },
);

/** A string as JSON text; lone surrogates come out as `\ud800` escapes (well-formed JSON, ill-formed UTF-16). */
const stringLiteral = hostileStrings.map((text) => JSON.stringify(text));

/** Nesting deep enough to overflow a recursive parser or validator: arrays or objects, up to 100,000 levels. */
const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 100_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth),
  );

/** Any JSON text, hostile in every leaf and key. */
export const hostileJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("null", "true", "false"),
    numberLiterals,
    stringLiteral,
    fc.array(tie("value"), { maxLength: 6 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(keyNames, tie("value")), { maxLength: 6 })
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`),
  ),
})).value;

/** Whole-input text: mostly JSON, sometimes not JSON, sometimes nested past any sane depth. */
export const hostileInputText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: hostileJson },
  { weight: 1, arbitrary: notJson },
  { weight: 1, arbitrary: deepNesting },
);

/** Each way a valid object input is bent: one field replaced, dropped, doubled, or the object reshaped. */
export function mutatedInput(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const entries = Object.entries(valid).map(([key, value]) => [JSON.stringify(key), JSON.stringify(value)] as const);
  const fields = entries.length;
  const text = (list: ReadonlyArray<readonly [string, string]>) =>
    `{${list.map(([key, value]) => `${key}:${value}`).join(",")}}`;
  const index = fc.nat({ max: Math.max(0, fields - 1) });
  return fc.oneof(
    // One field's value replaced by a hostile one.
    fc
      .tuple(index, hostileJson)
      .map(([at, value]) => text(entries.map((entry, i) => (i === at ? [entry[0], value] : entry)))),
    // One field dropped.
    index.map((at) => text(entries.filter((_, i) => i !== at))),
    // A hostile key added (`__proto__` as an own key, `constructor`, …).
    fc.tuple(keyNames, hostileJson).map(([key, value]) => text([...entries, [JSON.stringify(key), value]])),
    // A field given twice, the second one hostile (JSON.parse keeps the last).
    fc.tuple(index, hostileJson).map(([at, value]) => {
      const entry = entries[at];
      return entry ? text([...entries, [entry[0], value]]) : text(entries);
    }),
    // The whole input wrapped, stringified or replaced.
    fc.constantFrom(`[${text(entries)}]`, JSON.stringify(text(entries)), `{"json":${text(entries)}}`, "null", "{}"),
  );
}
