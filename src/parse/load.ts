// Facts for every file: from the cache when its stat says it is unchanged, else read and parsed in worker threads
// (which also hash it: bytes the cache already knows are not parsed again).
import { statSync } from "node:fs";
import { isRacy, type CacheEntry, type FactsCache } from "../cache/facts-cache.js";
import type { ParseOutcome } from "./facts.js";
import type { ParseJob } from "./job.js";
import { MAX_FILE_BYTES } from "./limits.js";
import type { ParseTimings } from "./parser.js";
import { parseMany, type ParsePool } from "./pool.js";

export interface LoadOptions {
  cache: FactsCache | null;
  threads: number;
  /** Workers already started for this load (the caller closes them); else started here if worth it. */
  pool?: ParsePool;
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
  const queue: { index: number; size: number; mtimeMs: number; statAt: number; cached: CacheEntry | undefined }[] = [];
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
    // A failed stat is left to the read, which reports why.
    queue.push({ index: i, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0, statAt, cached });
  });
  opts.timings.read += performance.now() - t0;
  const jobs: ParseJob[] = queue.map((q) => ({ abs: files[q.index]!.abs, hash: opts.cache !== null, cachedHash: q.cached?.hash ?? null }));
  let parsed = 0;
  const poolOptions = {
    threads: opts.threads,
    timings: opts.timings,
    onProgress: opts.onProgress ? (done: number) => opts.onProgress!(reused + done, files.length) : undefined,
  };
  const results = await (opts.pool ? opts.pool.run(jobs, poolOptions) : parseMany(jobs, poolOptions));
  queue.forEach((q, k) => {
    const r = results[k]!;
    const rel = files[q.index]!.rel;
    if (r.kind === "unread") {
      outcomes[q.index] = r.outcome;
    } else if (r.kind === "same") {
      // Touched but unchanged: keep the facts, remember the new stat.
      outcomes[q.index] = q.cached!.outcome;
      entries.set(rel, { ...q.cached!, size: q.size, mtimeMs: q.mtimeMs, statAt: q.statAt });
      reused++;
    } else {
      outcomes[q.index] = r.outcome;
      parsed++;
      if (opts.cache) entries.set(rel, { size: q.size, mtimeMs: q.mtimeMs, statAt: q.statAt, hash: r.hash, digest: r.digest, outcome: r.outcome, encoded: r.encoded });
    }
  });
  return { outcomes: outcomes as ParseOutcome[], entries, parsed, reused };
}
