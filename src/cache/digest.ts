// The hashes the caches compare: a file's bytes, the facts the parser made of them, any other bytes read.
import type { Hash } from "node:crypto";
import { createRequire } from "node:module";
import type { ParseOutcome } from "../parse/facts.js";
import { encodeOutcome } from "./facts-codec.js";
import { fnv1a } from "./fnv.js";

let crypto: typeof import("node:crypto") | null = null;

/**
 * A SHA-1 hasher. node:crypto is loaded on first use (about 7 ms here): a run served from the result cache whose
 * inputs all held by their stat never hashes anything, and then never loads it.
 */
export function sha1(): Hash {
  crypto ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return crypto.createHash("sha1");
}

export function contentHash(bytes: Uint8Array): string {
  return sha1().update(bytes).digest("base64url");
}

/** An outcome in the facts cache's on-disk form (the text its shards hold for it). */
export const encodedText = (outcome: ParseOutcome): string => JSON.stringify(encodeOutcome(outcome));

/** Digest of an outcome's `encodedText`: equal digests, equal facts. */
export const encodedDigest = (text: string): string => sha1().update(text).digest("base64url");

/** Digest of an outcome as the parser produced it (before CPython's syntax verdicts). */
export const outcomeDigest = (outcome: ParseOutcome): string => encodedDigest(encodedText(outcome));

/**
 * A 64-bit hash of a string, in hex, for naming cache files after their key (two FNV-1a lanes with different
 * offsets). Not for comparing contents: each file holds its whole key, and a file of another key is not used.
 */
export function nameHash(s: string): string {
  let b = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) b = Math.imul(b ^ s.charCodeAt(i), 0x01000193) ^ (b >>> 15);
  return fnv1a(s).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
