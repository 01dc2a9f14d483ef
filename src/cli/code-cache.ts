// The code cache's files: their names, content and place (cli/start.ts runs the CLI with them).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fnv1a } from "../cache/fnv.js";
import { readRegularFile } from "../cache/regular-file.js";

const MAGIC = "import-doctor code cache 1\n";
/** Caches of other builds, Node versions or flags are deleted once this old (a cache in use is rewritten as needed). */
const STALE_MS = 24 * 60 * 60 * 1000;

/**
 * The cache's file name. V8 checks its own version and flags, but knows the source only by its length: the file is
 * named after the bundle's content, so that a rebuilt bundle of the same length never runs another's code. Node's
 * version, the architecture and the flags are in the name too, so that two of them used in turn keep a cache each.
 */
export function cacheFileName(cliHash: string, nodeVersion: string, arch: string, flags: readonly string[]): string {
  return `cli-${cliHash}-${nodeVersion}-${arch}-${fnv1a(flags.join("\0")).toString(16).padStart(8, "0")}.bin`;
}

/** A checksum of V8's data (zlib's CRC-32): V8 checks its data's length but, in a release build, not its bytes. */
export type Checksum = (data: Uint8Array) => number;

/** A cache file: a header with the checksum of V8's data and the parts its maker ran, then the data. */
export function encodeCache(parts: ReadonlySet<string>, data: Uint8Array, checksum: Checksum): Buffer {
  return Buffer.concat([Buffer.from(`${MAGIC}${checksum(data).toString(16)}\n${[...parts].sort().join(",")}\n`), data]);
}

/**
 * The parts and V8's data of a cache file, or null if it is not one or its data is not what was written: V8 crashes
 * the process on some damaged data, and could run other code on other damage.
 */
export function decodeCache(file: Buffer, checksum: Checksum): { parts: Set<string>; data: Buffer } | null {
  if (file.length <= MAGIC.length || file.toString("latin1", 0, MAGIC.length) !== MAGIC) return null;
  const sumEnd = file.indexOf(10, MAGIC.length);
  const partsEnd = sumEnd < 0 ? -1 : file.indexOf(10, sumEnd + 1);
  if (partsEnd < 0) return null;
  const data = file.subarray(partsEnd + 1);
  if (file.toString("latin1", MAGIC.length, sumEnd) !== checksum(data).toString(16)) return null;
  const line = file.toString("latin1", sumEnd + 1, partsEnd);
  return { parts: new Set(line === "" ? [] : line.split(",")), data };
}

/** Where caches live: `$XDG_CACHE_HOME/import-doctor` or `~/.cache/import-doctor`; none with Node's switch off. */
export function cacheDir(env: NodeJS.ProcessEnv, home: string): string | null {
  const off = env.NODE_DISABLE_COMPILE_CACHE;
  if (off !== undefined && off !== "" && off !== "0") return null;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : home ? path.join(home, ".cache") : null;
  return base ? path.join(base, "import-doctor") : null;
}

/** The cache in `file`, or null if there is none, it cannot be read, or it is not whole. */
export function readCache(file: string | null, checksum: Checksum): { parts: Set<string>; data: Buffer } | null {
  if (!file) return null;
  try {
    // Never a FIFO or a device (it would block the start of every run, --no-cache or not), nor a link.
    const bytes = readRegularFile(file, 512 * 1024 * 1024);
    return bytes ? decodeCache(bytes, checksum) : null;
  } catch {
    return null; // none yet, or unreadable: compiled as usual
  }
}

/** Writes the cache whole or not at all (a temporary file renamed over it), and deletes stale ones beside it. */
export function writeCache(dir: string, file: string, content: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, content, { mode: 0o600 });
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const other = path.join(dir, name);
    if (other === file || !name.startsWith("cli-")) continue;
    try {
      if (now - statSync(other).mtimeMs > STALE_MS) rmSync(other, { force: true });
    } catch {
      // removed by another run meanwhile
    }
  }
}

