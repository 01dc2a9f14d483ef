// The cache's files, read and written so that the cache is the tool's own and proves itself: never through a symbolic
// link, never from a special file (a FIFO would hang the run), and with a checksum, so that a damaged file is a
// missing one, never a wrong answer or an error.
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { untracked } from "./inputs.js";
import { readRegularFile } from "./regular-file.js";

/** Larger files are not the cache's: not read. */
const MAX_CACHE_FILE = 2 * 1024 * 1024 * 1024 - 1;
const TRAILER_MAGIC = 0x49444331; // "IDC1"
const TRAILER_BYTES = 8;

let crcTable: Int32Array | null = null;

/** CRC-32 (zlib's), natively where node has it (20.15 and later). */
export function crc32(data: Uint8Array): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(data);
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** A cache file's content, or null when it is missing, not the cache's own (see readRegularFile), or damaged. */
export function readCacheFile(file: string): Buffer | null {
  const data = readRegularFile(file, MAX_CACHE_FILE);
  if (data === null || data.length < TRAILER_BYTES) return null;
  const end = data.length - TRAILER_BYTES;
  if (data.readUInt32BE(end + 4) !== TRAILER_MAGIC) return null;
  const payload = data.subarray(0, end);
  return crc32(payload) === data.readUInt32BE(end) ? payload : null;
}

/** Writes a cache file with its checksum, atomically (a file beside it, then a rename, which replaces a link itself). */
export function writeCacheFile(file: string, payload: Uint8Array | string): void {
  const bytes = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeUInt32BE(crc32(bytes), 0);
  trailer.writeUInt32BE(TRAILER_MAGIC, 4);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([bytes, trailer]), { flag: "wx" });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const warned = new Set<string>();

/**
 * Whether `dir` (a cache directory) can be used: it is a real directory, or absent and creatable. A symbolic link
 * or anything else standing there is refused, with one warning on stderr: the run goes on without a cache.
 */
export function cacheDirUsable(dir: string): boolean {
  // The tool's own directory, not the repository's: not an input of any analysis.
  const st = untracked(() => {
    try {
      return lstatSync(dir);
    } catch {
      return null;
    }
  });
  if (st === null) return true;
  if (st.isDirectory()) return true;
  if (!warned.has(dir)) {
    warned.add(dir);
    const what = st.isSymbolicLink() ? "a symbolic link" : "not a directory";
    process.stderr.write(`import-doctor: warning: ${path.basename(dir)} is ${what}; running without a cache (remove it to have one)\n`);
  }
  return false;
}

/** Makes the cache directory (refusing one that is not a real directory), with a .gitignore that ignores it all. */
export function ensureCacheDir(dir: string): void {
  if (!cacheDirUsable(dir)) throw new Error(`${dir} is not a directory`);
  mkdirSync(dir, { recursive: true });
  const gitignore = path.join(dir, ".gitignore");
  const tmp = `${gitignore}.${process.pid}.tmp`;
  // As ruff does: the cache directory ignores itself. Replaced by a rename, never written through a link.
  writeFileSync(tmp, "# Automatically created by import-doctor.\n*\n");
  renameSync(tmp, gitignore);
}
