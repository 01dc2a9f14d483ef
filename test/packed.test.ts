// The stored result's packed forms (src/cache/packed.ts): what is packed unpacks to the same, through node:v8 as the
// cache writes it, and a form that does not hold together throws rather than giving wrong paths.
import { deserialize, serialize } from "node:v8";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packIdentities, packNameUses, packPairs, packSources, unpackIdentities, unpackNameUses, unpackPairs, unpackSources } from "../src/cache/packed.js";

const viaDisk = <T>(x: T): unknown => deserialize(serialize(x));
const text = fc.string({ maxLength: 12 });

describe("packed stored forms", () => {
  it("round-trip lists of strings by key, repeated strings and empty lists included", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("a.py", "b/c.py", "", "é/ü.py"), fc.array(fc.constantFrom("a.py", "x", "b/c.py", ""), { maxLength: 6 })), { maxLength: 8 }), (pairs) => {
        expect(unpackPairs(viaDisk(packPairs(pairs)), "t")).toEqual(pairs);
      }),
    );
  });

  it("round-trip sources, name uses and identities", () => {
    const source = fc.record({ rel: text, size: fc.nat(), mtimeMs: fc.double({ noNaN: true, min: 0, max: 2e12 }), ctimeMs: fc.double({ noNaN: true, min: 0, max: 2e12 }), ino: fc.nat(), statAt: fc.nat(), hash: text, digest: text });
    fc.assert(fc.property(fc.array(source, { maxLength: 8 }), (sources) => {
      expect(unpackSources(viaDisk(packSources(sources)))).toEqual(sources);
    }));
    const uses = fc.record({ whole: fc.array(text, { maxLength: 4 }), names: fc.array(fc.tuple(text, fc.array(text, { maxLength: 4 })), { maxLength: 4 }), defined: fc.array(text, { maxLength: 4 }) });
    fc.assert(fc.property(uses, (u) => {
      expect(unpackNameUses(viaDisk(packNameUses(u)))).toEqual(u);
    }));
    const identity = fc.option(fc.record({ name: text, root: fc.constantFrom("/r", "/r/src") }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, identity), { maxLength: 8 }), (entries) => {
        const ids = new Map(entries);
        expect(unpackIdentities(viaDisk(packIdentities(ids)))).toEqual(ids);
      }),
    );
  });

  it("throws on a form that does not hold together", () => {
    const pairs = packPairs([["a.py", ["b.py", "c.py"]]]);
    const broken: unknown[] = [
      null,
      { ...pairs, values: Uint32Array.of(0, 7) }, // an index past the table
      { ...pairs, ends: Uint32Array.of(1) }, // a value no key ends at
      { ...pairs, ends: Uint32Array.of(9) }, // past the values
      { ...pairs, keys: [0] }, // not a typed array
      { ...pairs, strings: ["a.py", 3] },
    ];
    for (const b of broken) expect(() => unpackPairs(viaDisk(b), "t")).toThrow(/malformed/);
    const sources = packSources([{ rel: "a.py", size: 1, mtimeMs: 2, ctimeMs: 2, ino: 9, statAt: 3, hash: "h", digest: "d" }]);
    expect(() => unpackSources({ ...sources, size: new Float64Array(2) })).toThrow(/malformed/);
    expect(() => unpackSources({ ...sources, digest: [] })).toThrow(/malformed/);
    const ids = packIdentities(new Map([["a.py", { name: "a", root: "/r" }]]));
    expect(() => unpackIdentities({ ...ids, root: Int32Array.of(1) })).toThrow(/malformed/);
    expect(() => unpackIdentities({ ...ids, root: Int32Array.of(-2) })).toThrow(/malformed/);
  });
});
