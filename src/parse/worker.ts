// Worker-thread entry (bundled as dist/parse-worker.js): parses the files it is sent; only plain facts go back.
import { parentPort } from "node:worker_threads";
import { getParser, newParseTimings, parseBytes } from "./parser.js";
import type { ParseOutcome } from "./facts.js";

export interface ParseRequest {
  id: number;
  files: Uint8Array[];
}

export interface ParseReply {
  id: number;
  outcomes: ParseOutcome[];
  timings: { read: number; parse: number; extract: number };
}

const port = parentPort;
if (port) {
  const parser = getParser(Infinity); // a worker is started for many files
  port.on("message", async (req: ParseRequest) => {
    const p = await parser;
    const timings = newParseTimings();
    const outcomes = req.files.map((bytes) => parseBytes(p, bytes, timings));
    port.postMessage({ id: req.id, outcomes, timings } satisfies ParseReply);
  });
}
