// One file to read and parse, done where it is parsed (a worker thread, or inline): reading, hashing and the
// facts digest run in parallel with the other files' parses, and only the facts travel back.
import type { Parser } from "web-tree-sitter";
import { contentHash, outcomeDigest } from "../cache/digest.js";
import type { ParseOutcome } from "./facts.js";
import { parseBytes, readSource, type ParseTimings } from "./parser.js";

export interface ParseJob {
  abs: string;
  /** Hash the bytes and digest the facts (for the facts cache). */
  hash: boolean;
  /** The content hash the cache holds for this file: the same bytes are not parsed again. */
  cachedHash: string | null;
}

export type JobResult =
  /** The bytes the cache already has facts for. */
  | { kind: "same"; hash: string }
  | { kind: "parsed"; outcome: ParseOutcome; hash: string; digest: string }
  /** Could not be read (gone, unreadable, grown too large): an outcome, nothing to cache. */
  | { kind: "unread"; outcome: ParseOutcome };

/** The first step: the bytes to parse, or the job's result when there is nothing to parse. */
export function readJob(job: ParseJob, timings: ParseTimings): JobResult | { kind: "read"; bytes: Uint8Array; hash: string } {
  const t0 = performance.now();
  const read = readSource(job.abs);
  const hash = read.ok && job.hash ? contentHash(read.bytes) : "";
  timings.read += performance.now() - t0;
  if (!read.ok) return { kind: "unread", outcome: read.outcome };
  if (job.cachedHash !== null && job.cachedHash === hash) return { kind: "same", hash };
  return { kind: "read", bytes: read.bytes, hash };
}

export function parseJob(parser: Parser, job: ParseJob, bytes: Uint8Array, hash: string, timings: ParseTimings): JobResult {
  const outcome = parseBytes(parser, bytes, timings);
  return { kind: "parsed", outcome, hash, digest: job.hash ? outcomeDigest(outcome) : "" };
}

export function runJob(parser: Parser, job: ParseJob, timings: ParseTimings): JobResult {
  const r = readJob(job, timings);
  return r.kind === "read" ? parseJob(parser, job, r.bytes, r.hash, timings) : r;
}
