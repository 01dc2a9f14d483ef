// The only place that loads tree-sitter: reads a file's bytes, decodes them and returns plain ModuleFacts.
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";
import { decodePython } from "./encoding.js";
import { extractFacts } from "./extract.js";
import type { ModuleFacts, ParseOutcome } from "./facts.js";

/** Files above this size are not parsed (generated code, data dumps). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

let parserPromise: Promise<Parser> | null = null;

function wasmPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("tree-sitter-python/tree-sitter-python.wasm");
}

/** Initialises web-tree-sitter once per thread. */
export function getParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Language.load(wasmPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export function parseSource(parser: Parser, text: string): ModuleFacts {
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    return extractFacts(tree.rootNode, text);
  } finally {
    tree.delete(); // wasm memory is not garbage-collected
  }
}

export function parseBytes(parser: Parser, bytes: Uint8Array): ParseOutcome {
  const decoded = decodePython(bytes);
  if (!decoded.ok) return { kind: "undecodable", message: decoded.message };
  if (decoded.text.includes("\0")) return { kind: "undecodable", message: "source code cannot contain null bytes" };
  try {
    return { kind: "ok", facts: parseSource(parser, decoded.text), encoding: decoded.encoding };
  } catch (e) {
    // e.g. a pathologically deep expression: report the file, keep analysing the others
    return { kind: "parse-failed", message: (e as Error).message };
  }
}

export function parseFile(parser: Parser, absPath: string): ParseOutcome {
  let size: number;
  try {
    size = statSync(absPath).size;
  } catch (e) {
    return { kind: "unreadable", message: (e as Error).message };
  }
  if (size > MAX_FILE_BYTES) return { kind: "too-large", size };
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (e) {
    return { kind: "unreadable", message: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  return parseBytes(parser, bytes);
}

/** Decoded source lines for code frames; null when the file cannot be read or decoded. */
export function readSourceLines(absPath: string): string[] | null {
  try {
    const decoded = decodePython(readFileSync(absPath));
    return decoded.ok ? decoded.text.split(/\r\n|\r|\n/) : null;
  } catch {
    return null;
  }
}
