// Reads and parses many files: in worker threads (one per core by default) when the bundle ships its worker, else
// inline.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { fromWire, parseJob, readJob, type JobResult, type ParseJob } from "./job.js";
import { getParser, type ParseTimings } from "./parser.js";
import type { ParseReply, ParseRequest } from "./worker.js";

/** Below this many files, starting workers (each loads the grammar) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 64;
const BATCH = 24;

function workerUrl(): URL | null {
  const url = new URL("./parse-worker.js", import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

export interface PoolOptions {
  timings: ParseTimings;
  /** Called after each batch with the number of files parsed so far. */
  onProgress?: (done: number) => void;
}

/**
 * Worker threads started ahead of the files they will parse (each compiles the grammar first, while the caller is
 * still finding out which files changed). `close()` must be called whatever happens.
 */
export class ParsePool {
  private readonly workers: Worker[];
  /** A worker that failed or exited before it was given work (it may happen while the caller is busy). */
  private lost: Error | null = null;

  constructor(threads: number) {
    const url = workerUrl();
    this.workers = url && threads > 1 ? Array.from({ length: threads }, () => new Worker(url)) : [];
    for (const w of this.workers) {
      w.on("error", (e: Error) => (this.lost ??= e));
      w.on("exit", (code) => (this.lost ??= new Error(`parser worker exited with code ${code}`)));
    }
  }

  /** The threads worth starting for this many files (0: parse them inline), when `threads` were asked for. */
  static threadsFor(files: number, threads: number): number {
    if (!workerUrl() || files < MIN_FILES_FOR_WORKERS) return 0;
    const n = Math.max(1, Math.min(threads, Math.ceil(files / BATCH)));
    return n > 1 ? n : 0;
  }

  /**
   * The default: one thread per core when the work to parse outweighs starting them, else none (parse inline).
   * Each worker starts node, compiles the grammar and warms up the extraction code on its own, and on few cores
   * that competes with the parsing itself. Measured on 2 cores, cold, the default against `--threads 1`
   * (synthetic repositories, small files): 399 files 1,221 against 1,143 ms and 1,154 files 2,590 against
   * 2,299 ms (inline faster); 2,306 files 3,412 against 3,649 ms and 4,611 files 5,065 against 5,775 ms (workers
   * faster); the stdlib's 1,788 large files 10.9 s with workers against 15.7 s inline (one pair). The work is
   * estimated from this machine's inline rates (some 0.6 ms a file and 2.5 MB a second); the break-even, about
   * 1.5 s of it on 2 cores, is taken to shrink as cores are added (not measured).
   */
  static threadsForWork(files: number, bytes: number, cores: number): number {
    const seconds = files * 0.6e-3 + bytes / 2.5e6;
    return seconds >= (1.5 * 2) / Math.max(2, cores) ? ParsePool.threadsFor(files, cores) : 0;
  }

  /** Parses `jobs` (once per pool): in its workers, or inline when it has none or the jobs are few. */
  async run(jobs: ParseJob[], opts: PoolOptions): Promise<JobResult[]> {
    if (jobs.length === 0) return [];
    if (this.workers.length === 0 || jobs.length < MIN_FILES_FOR_WORKERS) return parseInline(jobs, opts);
    if (this.lost) throw this.lost;
    const out: JobResult[] = new Array(jobs.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            /** Sends the next batch; false when none is left. */
            const send = (): boolean => {
              if (next >= jobs.length) return false;
              const start = next;
              // Smaller batches towards the end, so that the workers finish together.
              next = Math.min(jobs.length, next + Math.min(BATCH, Math.ceil((jobs.length - next) / (4 * this.workers.length))));
              w.postMessage({ id: start, jobs: jobs.slice(start, next) } satisfies ParseRequest);
              inFlight++;
              return true;
            };
            w.on("message", (reply: ParseReply) => {
              inFlight--;
              send(); // another batch queued behind the one the worker is parsing now
              reply.results.forEach((r, i) => (out[reply.id + i] = fromWire(r)));
              opts.timings.read += reply.timings.read;
              opts.timings.parse += reply.timings.parse;
              opts.timings.extract += reply.timings.extract;
              done += reply.results.length;
              opts.onProgress?.(done);
              if (inFlight === 0) resolve();
            });
            w.on("error", reject);
            w.on("exit", (code) => {
              if (inFlight > 0 || next < jobs.length) reject(new Error(`parser worker exited with code ${code}`));
            });
            // Two batches each, so that a worker never waits for this thread to hand it the next one.
            send();
            send();
            if (inFlight === 0) resolve();
          }),
      ),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** On this thread: every file read first, and the grammar loaded only when some file must be parsed. */
async function parseInline(jobs: ParseJob[], opts: PoolOptions): Promise<JobResult[]> {
  const read = jobs.map((job) => readJob(job, opts.timings));
  const toParse = read.filter((r) => r.kind === "read").length;
  if (toParse === 0) return read as JobResult[];
  const parser = await getParser(toParse);
  let done = 0;
  return read.map((r, i) => {
    const result = r.kind === "read" ? parseJob(parser, jobs[i]!, r.bytes, r.hash, opts.timings) : r;
    if (opts.onProgress && ++done % BATCH === 0) opts.onProgress(done);
    return result;
  });
}
