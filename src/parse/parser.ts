// The only place that loads tree-sitter: reads a file's bytes, decodes them and returns plain ModuleFacts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { restoreFlagsBeforeCaching, usePart } from "../code-parts.js";
import type { Parser } from "web-tree-sitter";
import { untrackedAsync } from "../cache/inputs.js";
import { installedFile } from "../cache/key.js";
import { decodePython, loneCrAsLf } from "./encoding.js";
import { extractFacts } from "./extract.js";
import type { ModuleFacts, ParseOutcome } from "./facts.js";
import { fileKind } from "../read-text.js";
import { MAX_FILE_BYTES } from "./limits.js";
import { clockMs } from "../clock.js";

let parserPromise: Promise<Parser> | null = null;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A WebAssembly file of the parser: beside this code in the bundle (scripts/build.mjs copies it into dist/), else
 * (unbundled: the tests, tsx) in its installed package, found by a walk up from here, node's resolver as a fallback.
 */
const packageFile = (pkg: string, file: string): string =>
  existsSync(path.join(here, file)) ? path.join(here, file) : (installedFile(pkg, file, here) ?? createRequire(import.meta.url).resolve(`${pkg}/${file}`));

const wasmPath = (): string => packageFile("tree-sitter-python", "tree-sitter-python.wasm");

/** Where web-tree-sitter's own WebAssembly is (its default is beside its script, which is the bundle's). */
const locateFile = (name: string): string => packageFile("web-tree-sitter", name);

/** Below this many files to parse, the grammar is compiled for a quick start rather than for throughput. */
const FEW_FILES = 64;

/**
 * A thread that parses a few files (the changed files of a warm run, a fix's file) compiles the grammar's WebAssembly
 * with V8's baseline compiler only. By default V8 also recompiles its hot functions with the optimising compiler in
 * the background, which on a 2-core machine delayed a one-file re-check of synthetic-400 by about 200 ms (median
 * 734 ms against 505 ms). A thread that parses many (`--threads 1` on a whole repository) keeps the default: there the
 * optimised code parses about a third faster (synthetic-1k, one thread: parse 430–520 ms against 600–720 ms).
 * V8's flags are process-wide and read when a module is compiled: the flag is set around this compile only. Setting
 * it also turns off tier-up, which unsetting it leaves off (as wanted here: tier-up would start the optimising compiler
 * on hot functions again). A code cache made by this process (cli/start.ts) would carry these flags, and a run
 * without them would reject it: they are set back before it is made.
 */
async function compileFor<T>(files: number, compile: () => Promise<T>): Promise<T> {
  if (files >= FEW_FILES) return compile();
  setFlagsFromString("--liftoff-only");
  restoreFlagsBeforeCaching(["--wasm-tier-up", "--wasm-dynamic-tiering"]);
  try {
    return await compile();
  } finally {
    setFlagsFromString("--no-liftoff-only");
  }
}

/**
 * Initialises web-tree-sitter once per thread; loaded on first use, so runs that parse nothing never load it.
 * `files`: about how many files the first caller is going to parse (it decides how the grammar is compiled).
 */
export function getParser(files = 1): Promise<Parser> {
  // Loading the grammar reads the tool's own files, not the repository's: not an input of any analysis.
  usePart("parser");
  parserPromise ??= untrackedAsync(() =>
    compileFor(files, async () => {
      const { Language, Parser } = await import("web-tree-sitter");
      await Parser.init({ locateFile });
      // The grammar's bytes, read here: given a path, web-tree-sitter reads it with node's fs/promises, which loads
      // a dozen of node's own modules and waits on the thread pool, on a run that parses one file.
      const language = await Language.load(readFileSync(wasmPath()));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    }),
  );
  return parserPromise;
}

/** Milliseconds spent per step, summed over files (across threads: CPU time of each step, not wall time). */
export interface ParseTimings {
  read: number;
  parse: number;
  extract: number;
}

export const newParseTimings = (): ParseTimings => ({ read: 0, parse: 0, extract: 0 });

export function parseSource(parser: Parser, text: string, t?: ParseTimings, stub = false): ModuleFacts {
  const t0 = clockMs();
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  const t1 = clockMs();
  try {
    return extractFacts(tree.rootNode, text, stub);
  } finally {
    tree.delete(); // wasm memory is not garbage-collected
    if (t) {
      t.parse += t1 - t0;
      t.extract += clockMs() - t1;
    }
  }
}

export function parseBytes(parser: Parser, bytes: Uint8Array, t?: ParseTimings, stub = false): ParseOutcome {
  const t0 = clockMs();
  let decoded = decodePython(bytes);
  if (t) t.read += clockMs() - t0;
  if (!decoded.ok && decoded.utf8 && onlyInComments(parser, decoded.utf8)) decoded = { ok: true, text: decoded.utf8.text, encoding: "utf-8", bom: false };
  if (!decoded.ok) return { kind: "undecodable", message: decoded.message };
  if (decoded.text.includes("\0")) return { kind: "undecodable", message: "source code cannot contain null bytes" };
  try {
    return { kind: "ok", facts: parseSource(parser, loneCrAsLf(decoded.text), t, stub), encoding: decoded.encoding };
  } catch (e) {
    // e.g. a pathologically deep expression: report the file, keep analysing the others
    return { kind: "parse-failed", message: (e as Error).message };
  }
}

/**
 * Whether every byte that is not UTF-8 sits in a comment: CPython's tokenizer (3.8–3.13) skips a comment's bytes
 * without decoding them, so such a file imports. Rare, so the file is parsed once more to know.
 */
function onlyInComments(parser: Parser, lossy: { text: string; invalid: number[] }): boolean {
  const tree = parser.parse(lossy.text);
  if (!tree) return false;
  try {
    return lossy.invalid.every((i) => {
      const node = tree.rootNode.descendantForIndex(i, i + 1);
      return node !== null && node.type === "comment";
    });
  } finally {
    tree.delete();
  }
}

/** Reads a file's bytes, or says why not (missing, unreadable, too large). */
export function readSource(absPath: string): { ok: true; bytes: Buffer } | { ok: false; outcome: ParseOutcome } {
  let size: number;
  try {
    const st = statSync(absPath);
    if (!st.isFile()) return { ok: false, outcome: { kind: "parse-failed", message: `it is ${fileKind(st)}, not a file` } };
    size = st.size;
  } catch (e) {
    return { ok: false, outcome: { kind: "unreadable", message: (e as Error).message } };
  }
  if (size > MAX_FILE_BYTES) return { ok: false, outcome: { kind: "too-large", size } };
  try {
    return { ok: true, bytes: readFileSync(absPath) };
  } catch (e) {
    return { ok: false, outcome: { kind: "unreadable", message: (e as NodeJS.ErrnoException).code ?? (e as Error).message } };
  }
}
