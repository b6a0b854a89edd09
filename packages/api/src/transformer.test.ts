import type { SuperJSONResult } from "superjson";
import superjson from "superjson";
import { describe, expect, it } from "vitest";

import { serializeOutput } from "./transformer";

const at = new Date("2026-12-06T10:00:00.000Z");
const message = {
  id: "8c1c7c1e-1d2e-4c3f-9a4b-5c6d7e8f9a0b",
  content: "hola",
  attachmentKey: null,
  seq: 42,
  createdAt: at,
  editedAt: null,
  sender: { id: "u1", name: "Ana", role: "candidate" },
};

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const shared = { same: "object" };
const sharedDate = new Date(0);
const circular: Record<string, unknown> = { name: "loop" };
circular.self = circular;

/** Values as the API answers them, and every kind the fast path must hand to superjson. */
const values: Record<string, unknown> = {
  "a message": message,
  "a live frame": { id: "42", data: { type: "message.created", message } },
  "a page of messages": { items: [message, { ...message, id: "2", createdAt: new Date(1), editedAt: new Date(2) }], nextCursor: null },
  "nested arrays": [[1, 2], [{ at }], []],
  "an empty object": {},
  "keys with dots and backslashes": { "a.b": { "c\\d": at }, "e.f": [at] },
  "a null prototype": Object.assign(Object.create(null) as object, { at, n: 1 }),
  "true, false, strings and zero": { t: true, f: false, s: "", z: 0 },
  "a number": 7,
  "a string": "texto",
  null: null,
  "undefined in an object": { a: undefined, b: 1 },
  "undefined in an array": [1, undefined],
  // eslint-disable-next-line no-sparse-arrays -- the hole is the case
  "a hole in an array": [1, , 3],
  "a key beside the indices": Object.assign([at], { extra: at }),
  "NaN": { n: Number.NaN },
  "Infinity": { n: Number.POSITIVE_INFINITY },
  "minus zero": { n: -0 },
  "a BigInt": { n: 10n },
  "a Map": { m: new Map([["k", at]]) },
  "a Set": { s: new Set([1]) },
  "a RegExp": { r: /x/g },
  "an Error": { e: new Error("boom") },
  "a class's instance": { p: new Point(1, 2) },
  "an object met twice": { a: shared, b: shared },
  "a Date met twice": { a: sharedDate, b: sharedDate },
  "a circular object": circular,
  "a Date at the root": at,
  "undefined at the root": undefined,
  "an invalid Date": { at: new Date(Number.NaN) },
  "a function": { f: () => 1 },
  "a toJSON of its own": { toJSON: () => "x" },
};

describe("serializeOutput", () => {
  it.each(Object.entries(values))("writes %s as superjson does", (_name, value) => {
    const ours = JSON.stringify(serializeOutput(value));
    const theirs = JSON.stringify(superjson.serialize(value));
    expect(ours).toBe(theirs);
    const read = (text: string) => superjson.deserialize(JSON.parse(text) as SuperJSONResult);
    expect(read(ours)).toEqual(read(theirs));
  });

  it("reads back what it wrote, Dates as Dates", () => {
    const payload = JSON.parse(JSON.stringify(serializeOutput({ items: [message], "a.b": at }))) as never;
    expect(superjson.deserialize(payload)).toEqual({ items: [message], "a.b": at });
  });

  it("does not copy a plain value", () => {
    expect(serializeOutput(message).json).toBe(message);
  });

  it("refuses, as superjson does, keys that could pollute a prototype", () => {
    const polluting = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(() => serializeOutput(polluting)).toThrow(/prototype pollution/);
    expect(() => serializeOutput({ constructor: 1 })).toThrow(/prototype pollution/);
  });
});
