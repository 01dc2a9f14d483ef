// Compact stored forms for the largest parts of a stored result and its graph record. node:v8's serializer writes
// each object's keys and each string anew, and its deserializer is slow on many small objects and arrays: on
// synthetic-10k, a graph record's edges (a list of files per file) took 38 ms to deserialize as lists of paths and
// 6 ms as numbers into one table of paths. So lists of records are stored as columns, repeated strings once in a
// table, and numbers in typed arrays (written and read as raw bytes). Unpacking checks every index and length, and
// throws on anything malformed: the caller then treats the stored result as missing.
import type { StoredNameUses } from "../resolve/name-uses.js";
import type { SourceInput } from "./sources.js";

/** A table of distinct strings and each one's index in it. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
}

class Malformed extends Error {
  constructor(what: string) {
    super(`malformed stored ${what}`);
  }
}

function stringArray(x: unknown, what: string): string[] {
  if (!Array.isArray(x) || !x.every((s) => typeof s === "string")) throw new Malformed(what);
  return x as string[];
}

function typed<T extends Uint32Array | Int32Array | Float64Array>(x: unknown, kind: { new (n: number): T }, length: number | null, what: string): T {
  if (!(x instanceof kind) || (length !== null && x.length !== length)) throw new Malformed(what);
  return x;
}

function object(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== "object" || x === null) throw new Malformed(what);
  return x as Record<string, unknown>;
}

/** `[key, values][]` with every string in one table: keys and values are indices, each key's values end at `ends`. */
export interface PackedPairs {
  strings: string[];
  keys: Uint32Array;
  ends: Uint32Array;
  values: Uint32Array;
}

export function packPairs(pairs: readonly (readonly [string, readonly string[]])[]): PackedPairs {
  const strings = new Strings();
  let total = 0;
  for (const [, values] of pairs) total += values.length;
  const keys = new Uint32Array(pairs.length);
  const ends = new Uint32Array(pairs.length);
  const values = new Uint32Array(total);
  let k = 0;
  pairs.forEach(([key, list], i) => {
    keys[i] = strings.of(key);
    for (const v of list) values[k++] = strings.of(v);
    ends[i] = k;
  });
  return { strings: strings.list, keys, ends, values };
}

export function unpackPairs(x: unknown, what: string): [string, string[]][] {
  const p = object(x, what);
  const strings = stringArray(p.strings, what);
  const keys = typed(p.keys, Uint32Array, null, what);
  const ends = typed(p.ends, Uint32Array, keys.length, what);
  const values = typed(p.values, Uint32Array, null, what);
  const at = (i: number): string => {
    const s = strings[i];
    if (s === undefined) throw new Malformed(what);
    return s;
  };
  const out: [string, string[]][] = new Array(keys.length);
  let k = 0;
  for (let i = 0; i < keys.length; i++) {
    const end = ends[i]!;
    if (end < k || end > values.length) throw new Malformed(what);
    const list: string[] = new Array(end - k);
    for (let j = 0; k < end; j++, k++) list[j] = at(values[k]!);
    out[i] = [at(keys[i]!), list];
  }
  if (k !== values.length) throw new Malformed(what);
  return out;
}

/** What the result cache records of each Python file, as columns. */
export interface PackedSources {
  rel: string[];
  size: Float64Array;
  mtimeMs: Float64Array;
  ctimeMs: Float64Array;
  ino: Float64Array;
  statAt: Float64Array;
  hash: string[];
  digest: string[];
}

export function packSources(sources: readonly SourceInput[]): PackedSources {
  const n = sources.length;
  const p: PackedSources = { rel: new Array(n), size: new Float64Array(n), mtimeMs: new Float64Array(n), ctimeMs: new Float64Array(n), ino: new Float64Array(n), statAt: new Float64Array(n), hash: new Array(n), digest: new Array(n) };
  sources.forEach((s, i) => {
    p.rel[i] = s.rel;
    p.size[i] = s.size;
    p.mtimeMs[i] = s.mtimeMs;
    p.ctimeMs[i] = s.ctimeMs;
    p.ino[i] = s.ino;
    p.statAt[i] = s.statAt;
    p.hash[i] = s.hash;
    p.digest[i] = s.digest;
  });
  return p;
}

export function unpackSources(x: unknown): SourceInput[] {
  const what = "sources";
  const p = object(x, what);
  const rel = stringArray(p.rel, what);
  const n = rel.length;
  const size = typed(p.size, Float64Array, n, what);
  const mtimeMs = typed(p.mtimeMs, Float64Array, n, what);
  const ctimeMs = typed(p.ctimeMs, Float64Array, n, what);
  const ino = typed(p.ino, Float64Array, n, what);
  const statAt = typed(p.statAt, Float64Array, n, what);
  const hash = stringArray(p.hash, what);
  const digest = stringArray(p.digest, what);
  if (hash.length !== n || digest.length !== n) throw new Malformed(what);
  const out: SourceInput[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { rel: rel[i]!, size: size[i]!, mtimeMs: mtimeMs[i]!, ctimeMs: ctimeMs[i]!, ino: ino[i]!, statAt: statAt[i]!, hash: hash[i]!, digest: digest[i]! };
  return out;
}

export interface PackedNameUses {
  whole: string[];
  names: PackedPairs;
  defined: string[];
}

export const packNameUses = (u: StoredNameUses): PackedNameUses => ({ whole: u.whole, names: packPairs(u.names), defined: u.defined });

export function unpackNameUses(x: unknown): StoredNameUses {
  const p = object(x, "names");
  return { whole: stringArray(p.whole, "names"), names: unpackPairs(p.names, "names"), defined: stringArray(p.defined, "names") };
}

type Identity = { name: string; root: string } | null;

/** Each file's module name and root (null: none), as columns; the few roots once each (-1: no identity). */
export interface PackedIdentities {
  rel: string[];
  name: string[];
  roots: string[];
  root: Int32Array;
}

export function packIdentities(ids: ReadonlyMap<string, Identity>): PackedIdentities {
  const roots = new Strings();
  const p: PackedIdentities = { rel: [], name: [], roots: roots.list, root: new Int32Array(ids.size) };
  let i = 0;
  for (const [rel, id] of ids) {
    p.rel.push(rel);
    p.name.push(id?.name ?? "");
    p.root[i++] = id ? roots.of(id.root) : -1;
  }
  return p;
}

export function unpackIdentities(x: unknown): Map<string, Identity> {
  const what = "identities";
  const p = object(x, what);
  const rel = stringArray(p.rel, what);
  const name = stringArray(p.name, what);
  const roots = stringArray(p.roots, what);
  const root = typed(p.root, Int32Array, rel.length, what);
  if (name.length !== rel.length) throw new Malformed(what);
  const out = new Map<string, Identity>();
  for (let i = 0; i < rel.length; i++) {
    const r = root[i]!;
    if (r >= roots.length || r < -1) throw new Malformed(what);
    out.set(rel[i]!, r === -1 ? null : { name: name[i]!, root: roots[r]! });
  }
  return out;
}
