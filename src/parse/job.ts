// One file to read and parse, done where it is parsed (a worker thread, or inline): reading, hashing, encoding and the
// facts digest run in parallel with the other files' parses, and only the encoded facts travel back.
import type { Parser } from "web-tree-sitter";
import { contentHash, encodedDigest, encodedText } from "../cache/digest.js";
import { decodeOutcome } from "../cache/facts-codec.js";
import type { ParseOutcome } from "./facts.js";
import { parseBytes, readSource, type ParseTimings } from "./parser.js";
import { clockMs } from "../clock.js";

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
  | { kind: "parsed"; outcome: ParseOutcome; hash: string; digest: string; encoded: string }
  /** Could not be read (gone, unreadable, grown too large): an outcome, nothing to cache. */
  | { kind: "unread"; outcome: ParseOutcome };

/** The first step: the bytes to parse, or the job's result when there is nothing to parse. */
export function readJob(job: ParseJob, timings: ParseTimings): JobResult | { kind: "read"; bytes: Uint8Array; hash: string } {
  const t0 = clockMs();
  const read = readSource(job.abs);
  const hash = read.ok && job.hash ? contentHash(read.bytes) : "";
  timings.read += clockMs() - t0;
  if (!read.ok) return { kind: "unread", outcome: read.outcome };
  if (job.cachedHash !== null && job.cachedHash === hash) return { kind: "same", hash };
  return { kind: "read", bytes: read.bytes, hash };
}

export function parseJob(parser: Parser, job: ParseJob, bytes: Uint8Array, hash: string, timings: ParseTimings): JobResult {
  const outcome = parseBytes(parser, bytes, timings);
  const encoded = encodedText(outcome);
  return { kind: "parsed", outcome, hash, digest: job.hash ? encodedDigest(encoded) : "", encoded };
}

export function runJob(parser: Parser, job: ParseJob, timings: ParseTimings): JobResult {
  const r = readJob(job, timings);
  return r.kind === "read" ? parseJob(parser, job, r.bytes, r.hash, timings) : r;
}

/**
 * A result as a worker sends it: parsed facts travel as their encoded text. Cloning a string is a copy; cloning the
 * facts' many small objects cost the receiving thread about twice what decoding the text does (on synthetic-10k,
 * 0.9-1.3 s against 0.5 s), and the facts cache then writes the text as it is.
 */
export type WireResult = Exclude<JobResult, { kind: "parsed" }> | { kind: "encoded"; hash: string; digest: string; encoded: string };

export const toWire = (r: JobResult): WireResult => (r.kind === "parsed" ? { kind: "encoded", hash: r.hash, digest: r.digest, encoded: r.encoded } : r);

export const fromWire = (r: WireResult): JobResult => (r.kind === "encoded" ? { kind: "parsed", outcome: decodeOutcome(JSON.parse(r.encoded)), hash: r.hash, digest: r.digest, encoded: r.encoded } : r);
