// The two hashes the caches compare: a file's bytes, and the facts the parser made of them.
import { createHash } from "node:crypto";
import type { ParseOutcome } from "../parse/facts.js";

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}

/** Digest of an outcome as the parser produced it (before CPython's syntax verdicts): equal digests, equal facts. */
export function outcomeDigest(outcome: ParseOutcome): string {
  return createHash("sha1").update(JSON.stringify(outcome)).digest("base64url");
}
