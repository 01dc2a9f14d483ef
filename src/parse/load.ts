// Facts for every file: from the cache when the file is unchanged, else read here and parsed in worker threads.
import { statSync } from "node:fs";
import { contentHash, isRacy, outcomeDigest, type CacheEntry, type FactsCache } from "../cache/facts-cache.js";
import type { ParseOutcome } from "./facts.js";
import { MAX_FILE_BYTES } from "./limits.js";
import { readSource, type ParseTimings } from "./parser.js";
import { parseMany } from "./pool.js";

export interface LoadOptions {
  cache: FactsCache | null;
  threads: number;
  timings: ParseTimings;
  onProgress?: (done: number, total: number) => void;
}

export interface Loaded {
  outcomes: ParseOutcome[];
  /** What the cache should hold after this run (the outcome objects themselves: later fixes to them are kept). */
  entries: Map<string, CacheEntry>;
  parsed: number;
  reused: number;
}

export async function loadFacts(files: { rel: string; abs: string }[], opts: LoadOptions): Promise<Loaded> {
  const outcomes: (ParseOutcome | null)[] = files.map(() => null);
  const entries = new Map<string, CacheEntry>();
  const queue: { index: number; bytes: Uint8Array; size: number; mtimeMs: number; statAt: number; hash: string }[] = [];
  let reused = 0;
  const t0 = performance.now();
  files.forEach((f, i) => {
    const cached = opts.cache?.get(f.rel);
    let st: { size: number; mtimeMs: number } | null = null;
    const statAt = Date.now();
    try {
      st = statSync(f.abs);
    } catch {
      st = null;
    }
    if (cached && st && cached.size === st.size && cached.mtimeMs === st.mtimeMs && !isRacy(cached)) {
      outcomes[i] = cached.outcome;
      entries.set(f.rel, cached);
      reused++;
      return;
    }
    if (st && st.size > MAX_FILE_BYTES) {
      outcomes[i] = { kind: "too-large", size: st.size };
      return;
    }
    const read = readSource(f.abs);
    if (!read.ok) {
      outcomes[i] = read.outcome;
      return;
    }
    const hash = opts.cache ? contentHash(read.bytes) : "";
    const size = st?.size ?? read.bytes.length;
    const mtimeMs = st?.mtimeMs ?? 0;
    if (cached && cached.hash === hash) {
      // Touched but unchanged: keep the facts, remember the new stat.
      outcomes[i] = cached.outcome;
      entries.set(f.rel, { ...cached, size, mtimeMs, statAt });
      reused++;
      return;
    }
    queue.push({ index: i, bytes: read.bytes, size, mtimeMs, statAt, hash });
  });
  opts.timings.read += performance.now() - t0;
  const parsed = await parseMany(queue.map((q) => q.bytes), {
    threads: opts.threads,
    timings: opts.timings,
    onProgress: opts.onProgress ? (done) => opts.onProgress!(reused + done, files.length) : undefined,
  });
  queue.forEach((q, k) => {
    const outcome = parsed[k]!;
    outcomes[q.index] = outcome;
    if (opts.cache) entries.set(files[q.index]!.rel, { size: q.size, mtimeMs: q.mtimeMs, statAt: q.statAt, hash: q.hash, digest: outcomeDigest(outcome), outcome });
  });
  return { outcomes: outcomes as ParseOutcome[], entries, parsed: queue.length, reused };
}
