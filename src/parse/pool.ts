// Parses many files: in worker threads (one per core by default) when the bundle ships its worker, else inline.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ParseOutcome } from "./facts.js";
import { getParser, parseBytes, type ParseTimings } from "./parser.js";
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

export async function parseMany(sources: Uint8Array[], opts: PoolOptions): Promise<ParseOutcome[]> {
  const url = workerUrl();
  if (sources.length === 0) return [];
  const threads = Math.max(1, Math.min(opts.threads, Math.ceil(sources.length / BATCH)));
  if (!url || threads <= 1 || sources.length < MIN_FILES_FOR_WORKERS) {
    const parser = await getParser(sources.length);
    return sources.map((bytes, i) => {
      const o = parseBytes(parser, bytes, opts.timings);
      if (opts.onProgress && i % BATCH === BATCH - 1) opts.onProgress(i + 1);
      return o;
    });
  }
  const out: ParseOutcome[] = new Array(sources.length);
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
              if (next >= sources.length) {
                resolve();
                return;
              }
              start = next;
              next = Math.min(sources.length, next + BATCH);
              w.postMessage({ id: start, files: sources.slice(start, next) } satisfies ParseRequest);
            };
            w.on("message", (reply: ParseReply) => {
              reply.outcomes.forEach((o, i) => (out[reply.id + i] = o));
              opts.timings.read += reply.timings.read;
              opts.timings.parse += reply.timings.parse;
              opts.timings.extract += reply.timings.extract;
              done += reply.outcomes.length;
              opts.onProgress?.(done);
              send();
            });
            w.on("error", reject);
            w.on("exit", (code) => {
              if (next < sources.length || start < next) reject(new Error(`parser worker exited with code ${code}`));
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
