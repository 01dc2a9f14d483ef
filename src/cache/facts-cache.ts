// The persistent cache of per-file facts in `.import-doctor-cache/`: keyed by content hash and by everything that
// shapes the facts (tool, grammar and parser versions, the interpreter that confirms syntax errors).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { ParseOutcome } from "../parse/facts.js";

export const CACHE_DIR_NAME = ".import-doctor-cache";
const MAGIC = "import-doctor-facts-cache";

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  outcome: ParseOutcome;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}

/** A cache file this version can trust: the magic, the exact key, and a map of entries; anything else is ignored. */
function valid(data: unknown, key: string): data is { magic: string; key: string; entries: Map<string, CacheEntry> } {
  if (typeof data !== "object" || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.magic === MAGIC && d.key === key && d.entries instanceof Map;
}

export class FactsCache {
  private entries = new Map<string, CacheEntry>();
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly key: string,
  ) {
    this.file = path.join(dir, `facts-${createHash("sha1").update(key).digest("hex").slice(0, 12)}.bin`);
  }

  /** Loads the cache; a missing, corrupt or foreign file leaves it empty (and is rebuilt on save). */
  load(): void {
    try {
      const data = deserialize(readFileSync(this.file));
      if (valid(data, this.key)) this.entries = data.entries;
    } catch {
      this.entries = new Map();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(rel: string): CacheEntry | undefined {
    return this.entries.get(rel);
  }

  /** Writes the given entries (the files of this run only) atomically; a read-only tree just goes without a cache. */
  save(entries: Map<string, CacheEntry>): boolean {
    try {
      mkdirSync(this.dir, { recursive: true });
      // As ruff does: the cache directory ignores itself.
      writeFileSync(path.join(this.dir, ".gitignore"), "# Automatically created by import-doctor.\n*\n");
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, serialize({ magic: MAGIC, key: this.key, entries }));
      renameSync(tmp, this.file);
      this.entries = entries;
      return true;
    } catch {
      return false;
    }
  }
}
