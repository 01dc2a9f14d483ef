// Facts for every file: from the cache when its stat says it is unchanged, else read and parsed, in worker threads
// when the work is worth them (the stat pass says how much it is), else inline. Reading also hashes: bytes the
// cache already knows are not parsed again.
import { statSync, type Stats } from "node:fs";
import { fileKind } from "../read-text.js";
import { isRacy, sameStamp, stampOf, type CacheEntry, type FactsCache, type FileStamp } from "../cache/facts-cache.js";
import type { ParseOutcome } from "./facts.js";
import type { ParseJob } from "./job.js";
import { MAX_FILE_BYTES } from "./limits.js";
import type { ParseTimings } from "./parser.js";
import type { ParsePool } from "./pool.js";
import { clockMs } from "../clock.js";

export interface LoadOptions {
  cache: FactsCache | null;
  /** Where the files are parsed: its workers (started before the contexts are built; the caller closes them), or
   * inline when it has none. */
  pool: ParsePool;
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

/** The stat pass: each file's facts taken from the cache when its stat says it is unchanged, the rest queued. */
export interface LoadPlan {
  files: { rel: string; abs: string }[];
  outcomes: (ParseOutcome | null)[];
  entries: Map<string, CacheEntry>;
  queue: (FileStamp & { index: number; statAt: number; cached: CacheEntry | undefined })[];
  reused: number;
}

export function planLoad(files: { rel: string; abs: string }[], cache: FactsCache | null, timings: ParseTimings): LoadPlan {
  const plan: LoadPlan = { files, outcomes: files.map(() => null), entries: new Map(), queue: [], reused: 0 };
  const t0 = clockMs();
  files.forEach((f, i) => {
    const cached = cache?.get(f.rel);
    let st: (FileStamp & Pick<Stats, "isFile">) | null = null;
    const statAt = Date.now();
    try {
      st = statSync(f.abs);
    } catch {
      st = null;
    }
    if (cached && st && sameStamp(cached, st) && !isRacy(cached)) {
      plan.outcomes[i] = cached.outcome;
      plan.entries.set(f.rel, cached);
      plan.reused++;
      return;
    }
    if (st && !(st as Stats).isFile()) {
      // /dev/zero, a FIFO, a socket under a .py name: reading it would never end.
      plan.outcomes[i] = { kind: "parse-failed", message: `it is ${fileKind(st as Stats)}, not a file` };
      return;
    }
    if (st && st.size > MAX_FILE_BYTES) {
      plan.outcomes[i] = { kind: "too-large", size: st.size };
      return;
    }
    // A failed stat is left to the read, which reports why.
    plan.queue.push({ index: i, ...(st ? stampOf(st) : { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 }), statAt, cached });
  });
  timings.read += clockMs() - t0;
  return plan;
}

/** How much the plan leaves to read and parse: files, and their bytes by their stats. */
export const queuedWork = (plan: LoadPlan): { files: number; bytes: number } => ({ files: plan.queue.length, bytes: plan.queue.reduce((n, q) => n + q.size, 0) });

/** Reads and parses what the plan queued (in the pool's workers, or inline), and gives every file's facts. */
export async function runLoad(plan: LoadPlan, opts: LoadOptions): Promise<Loaded> {
  const { files, outcomes, entries, queue } = plan;
  let reused = plan.reused;
  const jobs: ParseJob[] = queue.map((q) => ({ abs: files[q.index]!.abs, hash: opts.cache !== null, cachedHash: q.cached?.hash ?? null }));
  let parsed = 0;
  const poolOptions = {
    timings: opts.timings,
    onProgress: opts.onProgress ? (done: number) => opts.onProgress!(reused + done, files.length) : undefined,
  };
  const results = await opts.pool.run(jobs, poolOptions);
  queue.forEach((q, k) => {
    const r = results[k]!;
    const rel = files[q.index]!.rel;
    if (r.kind === "unread") {
      outcomes[q.index] = r.outcome;
    } else if (r.kind === "same") {
      // Touched but unchanged: keep the facts, remember the new stat.
      outcomes[q.index] = q.cached!.outcome;
      entries.set(rel, { ...q.cached!, ...stampOf(q), statAt: q.statAt });
      reused++;
    } else {
      outcomes[q.index] = r.outcome;
      parsed++;
      if (opts.cache) entries.set(rel, { ...stampOf(q), statAt: q.statAt, hash: r.hash, digest: r.digest, outcome: r.outcome, encoded: r.encoded });
    }
  });
  return { outcomes: outcomes as ParseOutcome[], entries, parsed, reused };
}
