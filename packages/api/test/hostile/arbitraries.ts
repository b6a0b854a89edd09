import fc from "fast-check";

/*
 * Values a hostile or careless client sends. Generic ones go anywhere; near-valid inputs are a
 * valid input with exactly one field swapped for one of these (or removed, or an unknown key added).
 */

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];

/** Objects whose keys are prototype-pollution attempts (own `__proto__` keys, as JSON.parse makes them). */
export const pollutingObject = fc
  .dictionary(fc.constantFrom(...PROTOTYPE_KEYS), fc.oneof(fc.constant({ polluted: true }), fc.jsonValue()), {
    minKeys: 1,
    maxKeys: 3,
  })
  .map((entries) => JSON.parse(JSON.stringify(entries)) as unknown);

/** A string that looks like a uuid and is not one. */
export const malformedUuid = fc.constantFrom(
  "not-a-uuid",
  "00000000-0000-0000-0000-00000000000g",
  "00000000000000000000000000000000",
  "{00000000-0000-0000-0000-000000000000}",
  "00000000-0000-0000-0000-0000000000000",
  " 6f1c3d2e-8b4a-4c1e-9f2a-1b2c3d4e5f60",
  "6f1c3d2e-8b4a-4c1e-9f2a-1b2c3d4e5f60\u0000",
  "' or 1=1 --",
);

/** A well-formed uuid that names nothing (or the nil and max uuids). */
export const strangerUuid = fc.oneof(fc.uuid(), fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"));

export const hugeString = fc.constantFrom(100_001, 250_000).map((n) => "x".repeat(n));

export const weirdString = fc.oneof(
  fc.constantFrom("", " ", "\u0000", "\t\n", "\u202e", "\ud800", "<script>alert(1)</script>", "%00", "../../etc/passwd", "${7*7}"),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.string({ unit: "grapheme", maxLength: 64 }),
);

export const weirdNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 31, 2 ** 53, 2 ** 63, 1e308, -1e308),
  fc.double(),
  fc.integer(),
);

export const forbiddenUrl = fc.constantFrom(
  "javascript:alert(1)",
  "JaVaScRiPt:alert(document.cookie)",
  " javascript:alert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "data:image/svg+xml,<svg onload=alert(1)>",
  "file:///etc/passwd",
  "vbscript:msgbox(1)",
  "ftp://example.com/x.pdf",
  "//evil.example/x.png",
  "/api/uploads/../../etc/passwd",
  "http://",
  "https://",
  "not a url",
);

export const badMime = fc.constantFrom(
  "text/html",
  "image/svg+xml",
  "application/x-msdownload",
  "application/javascript",
  "application/octet-stream",
  "IMAGE/PNG; charset=evil",
  "",
);

/** A value of the wrong type or shape for whatever field it lands in. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, [], {}, [null]),
  malformedUuid,
  hugeString,
  weirdString,
  weirdNumber,
  pollutingObject,
  fc.date({ noInvalidDate: false }),
  fc.bigInt(),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
);

/** Anything at all, as a whole input: fast-check's `anything` (Maps, Sets, Dates, BigInts…) and the above. */
export const genericInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withBoxedValues: false,
    withSparseArray: true,
  }),
  hostileValue,
  pollutingObject,
  fc.dictionary(fc.string({ maxLength: 20 }), hostileValue, { maxKeys: 6 }),
);

export type Pools = Record<string, fc.Arbitrary<unknown>>;

/**
 * A valid input with one thing wrong: one field replaced (by a value from its own pool of near
 * misses, or any hostile value), one field removed, or one unknown (possibly prototype) key added.
 */
export function nearValid(base: Record<string, unknown>, pools: Pools = {}): fc.Arbitrary<unknown> {
  const keys = Object.keys({ ...base, ...pools });
  const replaced = keys.map((key) =>
    (pools[key] ? fc.oneof(pools[key], hostileValue) : hostileValue).map((value) => ({ ...base, [key]: value })),
  );
  const removed = Object.keys(base).map((key) => {
    const { [key]: _removed, ...rest } = base;
    return fc.constant(rest);
  });
  const extra = fc
    .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ minLength: 1, maxLength: 12 })), hostileValue)
    .map(([key, value]) => {
      const input = { ...base };
      // defineProperty: an own `__proto__` key, not a new prototype.
      Object.defineProperty(input, key, { value, enumerable: true, writable: true, configurable: true });
      return input;
    });
  return fc.oneof(...replaced, ...removed, extra);
}
