// Reads and parses many files: in worker threads (one per core by default) when the bundle ships its worker, else
// inline.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { parseJob, readJob, type JobResult, type ParseJob } from "./job.js";
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
  threads: number;
  timings: ParseTimings;
  /** Called after each batch with the number of files parsed so far. */
  onProgress?: (done: number) => void;
}

export async function parseMany(jobs: ParseJob[], opts: PoolOptions): Promise<JobResult[]> {
  const url = workerUrl();
  if (jobs.length === 0) return [];
  const threads = Math.max(1, Math.min(opts.threads, Math.ceil(jobs.length / BATCH)));
  if (!url || threads <= 1 || jobs.length < MIN_FILES_FOR_WORKERS) return parseInline(jobs, opts);
  const out: JobResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(url));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let start = 0;
            const send = (): void => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              start = next;
              next = Math.min(jobs.length, next + BATCH);
              w.postMessage({ id: start, jobs: jobs.slice(start, next) } satisfies ParseRequest);
            };
            w.on("message", (reply: ParseReply) => {
              reply.results.forEach((r, i) => (out[reply.id + i] = r));
              opts.timings.read += reply.timings.read;
              opts.timings.parse += reply.timings.parse;
              opts.timings.extract += reply.timings.extract;
              done += reply.results.length;
              opts.onProgress?.(done);
              send();
            });
            w.on("error", reject);
            w.on("exit", (code) => {
              if (next < jobs.length || start < next) reject(new Error(`parser worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
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
