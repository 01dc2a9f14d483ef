// The persistent cache of per-file facts in `.import-doctor-cache/`: keyed by content hash and by everything that
// shapes the facts (tool, grammar and parser versions, the interpreter that confirms syntax errors). Entries are
// spread over shards by path, so an edit rewrites one shard, not the whole cache. A shard is JSON lines: a header
// (magic, key, shard), then one entry per line in the compact form of facts-codec.ts, so that a check that needs a
// few files' facts parses only their lines (on site-packages, an inert-import check that read a cycle's facts spent
// about 0.8 s parsing whole shards and collecting the garbage), and a one-file update copies the other lines as
// they are.
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { ParseOutcome } from "../parse/facts.js";
import { nameHash } from "./digest.js";
import { cacheDirUsable, ensureCacheDir, readCacheFile, writeCacheFile } from "./store.js";
import { fnv1a } from "./fnv.js";
import { decodeOutcome, encodeOutcome, type EncodedOutcome } from "./facts-codec.js";

export const CACHE_DIR_NAME = ".import-doctor-cache";
const MAGIC = "import-doctor-facts-cache-jsonl";
const SHARDS = 64;

/**
 * What a file's stat says of its content, as git's index keeps it: while size, modification time, change time and
 * inode stay the same, so do its bytes. The change time catches what restores a modification time (`cp -p`,
 * `touch -r`, `rsync -t`, `tar x`): they cannot set it back.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export const stampOf = (st: FileStamp): FileStamp => ({ size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });

export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

export interface CacheEntry extends FileStamp {
  /** When the stamp was read (epoch ms). */
  statAt: number;
  hash: string;
  /** Digest of the outcome as the parser produced it (before CPython's syntax verdicts): equal digests, equal facts. */
  digest: string;
  outcome: ParseOutcome;
  /**
   * `outcome` in the on-disk form (`encodedText`), when the parser made it so: a shard holds it as it is, unencoded
   * again. Whoever changes `outcome` drops it; `save` drops it once written (it is as large as the facts).
   */
  encoded?: string | undefined;
}

/**
 * A file modified within a timestamp's granularity of when its stat was read could be modified again without its
 * mtime changing ("racily clean", as git calls it): its content must be checked, not its stat.
 */
const RACY_MS = 2000;
export const isRacy = (e: { mtimeMs: number; ctimeMs?: number; statAt: number }): boolean => Math.max(e.mtimeMs, e.ctimeMs ?? 0) + RACY_MS > e.statAt;

/** FNV-1a of the path: a stable shard for each file. */
function shardOf(rel: string): number {
  return fnv1a(rel) % SHARDS;
}

/** One file's entry on disk: rel, size, mtimeMs, ctimeMs, ino, statAt, hash, digest, outcome. */
type StoredEntry = [string, number, number, number, number, number, string, string, EncodedOutcome];

const toStored = (rel: string, e: CacheEntry): StoredEntry => [rel, e.size, e.mtimeMs, e.ctimeMs, e.ino, e.statAt, e.hash, e.digest, encodeOutcome(e.outcome)];
/** A stored entry's JSON text: the same as `JSON.stringify(toStored(rel, e))`, made from the encoded text when it has one. */
const entryText = (rel: string, e: CacheEntry): string =>
  e.encoded === undefined ? JSON.stringify(toStored(rel, e)) : `${JSON.stringify([rel, e.size, e.mtimeMs, e.ctimeMs, e.ino, e.statAt, e.hash, e.digest]).slice(0, -1)},${e.encoded}]`;
const fromStored = ([, size, mtimeMs, ctimeMs, ino, statAt, hash, digest, outcome]: StoredEntry): CacheEntry => ({ size, mtimeMs, ctimeMs, ino, statAt, hash, digest, outcome: decodeOutcome(outcome) });

/** A shard header this version can trust: the magic, the exact key and its index; anything else is ignored. */
function validHeader(data: unknown, key: string, shard: number): boolean {
  if (typeof data !== "object" || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.magic === MAGIC && d.key === key && d.shard === shard;
}

/** The path an entry's line starts with (`["<rel>",...`), read without parsing the rest; null when it is not one. */
function relOfLine(line: string): string | null {
  if (!line.startsWith('["')) return null;
  let escaped = false;
  for (let i = 2; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92 /* backslash */) {
      escaped = true;
      i++;
    } else if (c === 34 /* quote */) {
      if (line.charCodeAt(i + 1) !== 44 /* comma */) return null;
      if (!escaped) return line.slice(2, i); // no escape in it: the text is the string
      try {
        const rel: unknown = JSON.parse(line.slice(1, i + 1));
        return typeof rel === "string" ? rel : null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

function parseEntry(line: string): StoredEntry {
  const e: unknown = JSON.parse(line);
  if (!Array.isArray(e) || e.length !== 9 || typeof e[0] !== "string") throw new Error("malformed facts cache entry");
  return e as StoredEntry;
}

export class FactsCache {
  private entries = new Map<string, CacheEntry>();
  private readonly primed = new Set<string>();
  private readonly prefix: string;
  /** A cache directory that is a symbolic link (or not a directory) is never read or written (store.ts). */
  private readonly usable: boolean;

  constructor(
    readonly dir: string,
    private readonly key: string,
  ) {
    this.prefix = `facts-${nameHash(key).slice(0, 12)}-`;
    this.usable = cacheDirUsable(dir);
  }

  private shardFile(shard: number): string {
    return path.join(this.dir, `${this.prefix}${String(shard).padStart(2, "0")}.json`);
  }

  /** One shard's entries as lines of text, by path, unparsed; null when it is missing or foreign. */
  private shardLines(shard: number): Map<string, string> | null {
    if (!this.usable) return null;
    const bytes = readCacheFile(this.shardFile(shard));
    if (bytes === null) return null; // missing, unreadable or damaged: nothing cached for this shard
    const text = bytes.toString("utf8");
    const lines = text.split("\n");
    try {
      if (!validHeader(JSON.parse(lines[0]!), this.key, shard)) return null;
    } catch {
      return null;
    }
    const out = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === "") continue;
      const rel = relOfLine(line);
      if (rel === null) return null; // not a shard this version wrote
      if (shardOf(rel) === shard) out.set(rel, line);
    }
    return out;
  }

  /** One shard's entries as stored; null when it is missing, corrupt or foreign. */
  private readShard(shard: number): StoredEntry[] | null {
    const lines = this.shardLines(shard);
    if (!lines) return null;
    try {
      return [...lines.values()].map(parseEntry);
    } catch {
      return null; // corrupt: nothing cached for this shard
    }
  }

  /** Writes a shard whose entries are given as their JSON texts (`entryText`: one line each). */
  private writeShard(shard: number, entries: string[]): void {
    writeCacheFile(this.shardFile(shard), `${JSON.stringify({ magic: MAGIC, key: this.key, shard })}\n${entries.join("\n")}`);
  }

  /** One file's entry from its line (null: none, or a line that does not parse). */
  private static entryOf(line: string | undefined): CacheEntry | undefined {
    if (line === undefined) return undefined;
    try {
      return fromStored(parseEntry(line));
    } catch {
      return undefined;
    }
  }

  /** Loads every shard; a missing, corrupt or foreign one is left out (its files are parsed again and it is rewritten). */
  load(): void {
    this.entries = new Map();
    for (let shard = 0; shard < SHARDS; shard++) {
      const stored = this.readShard(shard) ?? [];
      try {
        // Decoded before any is kept: a shard with one entry that does not decode is left out whole.
        for (const [rel, e] of stored.map((x) => [x[0], fromStored(x)] as const)) this.entries.set(rel, e);
      } catch {
        // not an entry this version wrote: the shard's files are parsed again
      }
    }
  }

  /** One file's entry, reading its shard's line for it only (for a check that looks at a few files). */
  peek(rel: string): CacheEntry | undefined {
    return FactsCache.entryOf(this.shardLines(shardOf(rel))?.get(rel));
  }

  /** Entries looked up one by one, each shard read once, when first needed (for a check that follows imports). */
  reader(): (rel: string) => CacheEntry | undefined {
    const shards = new Map<number, Map<string, string> | null>();
    const decoded = new Map<string, CacheEntry | undefined>();
    return (rel) => {
      if (decoded.has(rel)) return decoded.get(rel);
      const shard = shardOf(rel);
      let lines = shards.get(shard);
      if (lines === undefined) shards.set(shard, (lines = this.shardLines(shard)));
      const entry = FactsCache.entryOf(lines?.get(rel));
      decoded.set(rel, entry);
      return entry;
    };
  }

  /** Replaces one file's entry, rewriting its shard only (atomically); false when the cache cannot be written. */
  put(rel: string, e: CacheEntry): boolean {
    if (!this.usable) return false;
    const shard = shardOf(rel);
    try {
      // The other entries' lines are copied as they are (a line that does not parse is dropped by its next read).
      const lines = this.shardLines(shard) ?? new Map<string, string>();
      lines.delete(rel);
      const stored = [...lines.values()];
      stored.push(entryText(rel, e));
      this.writeShard(shard, stored);
      return true;
    } catch {
      return false;
    }
  }

  /** An entry made elsewhere in this run (not on disk yet): served by `get`, written by the next `save`. */
  prime(rel: string, e: CacheEntry): void {
    this.entries.set(rel, e);
    this.primed.add(rel);
  }

  get(rel: string): CacheEntry | undefined {
    return this.entries.get(rel);
  }

  /**
   * Makes the cache hold exactly `entries` (the files of this run), rewriting only the shards whose entries differ;
   * each write is atomic (temp file + rename). A read-only tree just goes without a cache.
   */
  save(entries: Map<string, CacheEntry>): boolean {
    if (!this.usable) return false;
    const dirty = new Set<number>();
    for (const [rel, e] of entries) if (this.entries.get(rel) !== e) dirty.add(shardOf(rel));
    for (const rel of this.entries.keys()) if (!entries.has(rel)) dirty.add(shardOf(rel));
    for (const rel of this.primed) dirty.add(shardOf(rel));
    if (dirty.size === 0) return true;
    try {
      ensureCacheDir(this.dir);
      const byShard = new Map<number, Map<string, CacheEntry>>([...dirty].map((s) => [s, new Map()]));
      for (const [rel, e] of entries) byShard.get(shardOf(rel))?.set(rel, e);
      for (const [shard, map] of byShard) this.writeShard(shard, [...map].map(([rel, e]) => entryText(rel, e)));
      for (const e of entries.values()) e.encoded = undefined;
      // Shards of another key (an older version) are dead weight.
      for (const name of readdirSync(this.dir)) if (name.startsWith("facts-") && !name.startsWith(this.prefix)) rmSync(path.join(this.dir, name), { force: true });
      this.entries = new Map(entries);
      this.primed.clear();
      return true;
    } catch {
      return false;
    }
  }
}
