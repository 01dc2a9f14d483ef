// The source lines the text report's code frames show, kept beside the results for the next run: a check served
// from the result cache then reads no Python file whose content it already vouched for (on the stdlib corpus, its
// 1,076 frames in 450 files cost about 50 ms to read and decode, most of a served run's report).
import { existsSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { VERSION } from "../version.js";
import { CACHE_DIR_NAME } from "./facts-cache.js";
import { cacheDirUsable, readCacheFile, writeCacheFile } from "./store.js";

const MAGIC = "import-doctor-frames";
/** Bumped when what a stored line is changes (how a file is decoded or split into lines). */
const SCHEMA = 1;

/** Of each file, the text of the lines some code frame shows, by 1-based line number. */
export type FrameLines = Map<string, Map<number, string>>;

interface StoredFile {
  /** The content hash of the file the lines were read from (the result cache's). */
  hash: string;
  lines: Map<number, string>;
}

interface Stored {
  magic: string;
  tool: string;
  files: Map<string, StoredFile>;
}

/** Reads lines 1..last of a file; null when it cannot be read or decoded (the report then shows no frame). */
export type ReadLines = (rel: string, last: number) => string[] | null;

const toolTag = (): string => `${VERSION} ${SCHEMA}`;

function valid(data: unknown): data is Stored {
  const d = data as Stored | null;
  return typeof d === "object" && d !== null && d.magic === MAGIC && d.tool === toolTag() && d.files instanceof Map;
}

/** The lines each file's frames need: `wanted` maps a file to the line numbers shown in it. */
function pick(lines: string[] | null, wanted: Iterable<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (lines) for (const n of wanted) if (lines[n - 1] !== undefined) out.set(n, lines[n - 1]!);
  return out;
}

/** Every wanted line read from the files themselves. */
export function readFrameLines(wanted: Map<string, Set<number>>, read: ReadLines): FrameLines {
  const out: FrameLines = new Map();
  for (const [rel, lines] of wanted) out.set(rel, pick(read(rel, Math.max(...lines)), lines));
  return out;
}

/**
 * The wanted lines, taken from the store in `root`'s cache directory for each file whose content hash is the one
 * `hashes` gives (the result cache vouched for it), else read; the store is then rewritten with what this report
 * shows (and nothing else), when anything had to be read. A file with no hash (not a Python file the analysis
 * read) is always read. A missing, corrupt or foreign store is read as empty; a store that cannot be written is
 * left alone (the next run reads again). Never creates the cache directory.
 */
export async function cachedFrameLines(root: string, wanted: Map<string, Set<number>>, hashes: ReadonlyMap<string, string>, reader: () => Promise<ReadLines>): Promise<FrameLines> {
  const dir = path.join(root, CACHE_DIR_NAME);
  const file = path.join(dir, "frames.bin");
  let stored: Map<string, StoredFile> = new Map();
  const usable = cacheDirUsable(dir);
  try {
    const bytes = usable ? readCacheFile(file) : null;
    const data = bytes ? deserialize(bytes) : null;
    if (valid(data)) stored = data.files;
  } catch {
    // corrupt: every line is read
  }
  const out: FrameLines = new Map();
  const keep = new Map<string, StoredFile>();
  const missing: [string, Set<number>][] = [];
  for (const [rel, lines] of wanted) {
    const hash = hashes.get(rel);
    const have = hash !== undefined ? stored.get(rel) : undefined;
    if (have && have.hash === hash && [...lines].every((n) => have.lines.has(n))) {
      out.set(rel, have.lines);
      keep.set(rel, have);
    } else missing.push([rel, lines]);
  }
  if (missing.length === 0) return out;
  // The reader (and the decoding it loads) only when some file must be read.
  for (const [rel, picked] of readFrameLines(new Map(missing), await reader())) {
    out.set(rel, picked);
    const hash = hashes.get(rel);
    if (hash !== undefined) keep.set(rel, { hash, lines: picked });
  }
  if (usable && existsSync(dir)) {
    try {
      writeCacheFile(file, serialize({ magic: MAGIC, tool: toolTag(), files: keep } satisfies Stored));
    } catch {
      // read-only: the next run reads the files again
    }
  }
  return out;
}
