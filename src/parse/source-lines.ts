// Source lines for code frames: only as much of a file as the last line a report shows, decoded as CPython would.
import { closeSync, openSync, readSync } from "node:fs";
import { decodePython, findCodingCookie, normaliseEncodingName } from "./encoding.js";

const CHUNK = 8 * 1024; // most frames show an import near the top of the file

/** Encodings in which a line break is always the byte 0x0a or 0x0d, never part of a character. */
const ASCII_SUPERSETS = new Set(["utf-8", "latin-1", "ascii"]);

/**
 * Where line `count` (1-based) ends, its terminator included, scanning `bytes` from `from` after `seen` terminators.
 * `\r\n`, `\r` and `\n` each end a line, as in CPython's tokenizer, which numbers the lines diagnostics point at.
 * Returns the end, or the scan's state when the bytes run out first (a `\r` that ends them may still be followed by
 * `\n`).
 */
function lineEnd(bytes: Buffer, from: number, seen: number, count: number, final: boolean): { end: number } | { at: number; seen: number } {
  let i = from;
  if (bytes.indexOf(0x0d, from) === -1) {
    // No carriage return: only \n ends lines, and the native search finds them.
    for (;;) {
      const nl = bytes.indexOf(0x0a, i);
      if (nl === -1) return final ? { end: bytes.length } : { at: bytes.length, seen };
      i = nl + 1;
      if (++seen >= count) return { end: i };
    }
  }
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a) seen++;
    else if (b === 0x0d) {
      if (i + 1 === bytes.length && !final) return { at: i, seen };
      if (bytes[i + 1] === 0x0a) i++;
      seen++;
    }
    i++;
    if (seen >= count) return { end: i };
  }
  return final ? { end: bytes.length } : { at: i, seen };
}

/** The bytes of a file up to the end of line `count`, or all of them; null when the file cannot be read. */
function readPrefix(absPath: string, count: number): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(absPath, "r");
  } catch {
    return null;
  }
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let length = 0;
    let scan: { at: number; seen: number } = { at: 0, seen: 0 };
    for (;;) {
      if (length === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      length += n;
      const r = lineEnd(buf.subarray(0, length), scan.at, scan.seen, count, n === 0);
      if ("end" in r) return buf.subarray(0, r.end);
      scan = r;
    }
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Lines 1..`lastLine` of a file (fewer when it is shorter), split at `\r\n`, `\r` and `\n`; null when the file cannot
 * be read or that part of it cannot be decoded. The first two lines are always read, for the PEP 263 cookie. A file
 * in an encoding where a line break could be part of a character is decoded whole.
 */
export function readSourceLines(absPath: string, lastLine: number): string[] | null {
  const prefix = readPrefix(absPath, Math.max(2, lastLine));
  if (!prefix) return null;
  const bom = prefix.length >= 3 && prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf;
  const cookie = findCodingCookie(prefix, bom ? 3 : 0);
  const bytes = cookie && !ASCII_SUPERSETS.has(normaliseEncodingName(cookie)) ? readPrefix(absPath, Infinity) : prefix;
  if (!bytes) return null;
  const decoded = decodePython(bytes);
  return decoded.ok ? decoded.text.split(/\r\n|\r|\n/).slice(0, lastLine) : null;
}
