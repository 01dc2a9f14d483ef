// Worker-thread entry (bundled as dist/parse-worker.js): reads and parses the files it is sent; only plain facts go back.
import { parentPort } from "node:worker_threads";
import { runJob, toWire, type ParseJob, type WireResult } from "./job.js";
import { getParser, newParseTimings } from "./parser.js";

export interface ParseRequest {
  id: number;
  jobs: ParseJob[];
}

export interface ParseReply {
  id: number;
  results: WireResult[];
  timings: { read: number; parse: number; extract: number };
}

const port = parentPort;
if (port) {
  const parser = getParser(Infinity); // a worker is started for many files
  port.on("message", async (req: ParseRequest) => {
    const p = await parser;
    const timings = newParseTimings();
    const results = req.jobs.map((job) => toWire(runJob(p, job, timings)));
    port.postMessage({ id: req.id, results, timings } satisfies ParseReply);
  });
}
