// Source text for fixers and the applier: decoding with the file's encoding, BOM and line endings, positions, edits.
import { readFileSync } from "node:fs";
import type { Node, Tree } from "web-tree-sitter";
import { decodePython, loneCrAsLf } from "../parse/encoding.js";
import { getParser } from "../parse/parser.js";
import type { Range } from "../parse/facts.js";
import type { TextEdit } from "./types.js";

export interface SourceText {
  text: string;
  encoding: string;
  bom: boolean;
  /** The file's line ending, used for every line a fix inserts. */
  eol: "\n" | "\r\n" | "\r";
}

/** Encodings a fix can write back byte-exactly; other files are read-only to fixes (said in the report). */
const WRITABLE = new Set(["utf-8", "latin-1", "ascii"]);

export function detectEol(text: string): "\n" | "\r\n" | "\r" {
  const crlf = text.indexOf("\r\n");
  const lf = text.indexOf("\n");
  const cr = text.indexOf("\r");
  if (lf < 0 && cr >= 0) return "\r";
  return crlf >= 0 && crlf === lf - 1 ? "\r\n" : "\n";
}

export function decodeSource(bytes: Uint8Array): SourceText | { error: string } {
  const d = decodePython(bytes);
  if (!d.ok) return { error: d.message };
  const eol = detectEol(d.text);
  // Lines end at \n here, as tree-sitter and the diagnostics count them: a file whose lines end at \r alone is read
  // with \n and written back with \r (encodeSource). One that mixes a lone \r with other endings is not rewritten.
  if (eol === "\r") return { text: loneCrAsLf(d.text), encoding: d.encoding, bom: d.bom, eol };
  if (/\r(?!\n)/.test(d.text)) return { error: "files that end lines with a lone carriage return among others are not rewritten" };
  return { text: d.text, encoding: d.encoding, bom: d.bom, eol };
}

export function readText(abs: string): SourceText | { error: string } {
  try {
    return decodeSource(readFileSync(abs));
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}

/** Bytes of `text` in the file's encoding (and BOM), or an error when a character has no encoding there. */
export function encodeSource(text: string, src: Pick<SourceText, "encoding" | "bom"> & Partial<Pick<SourceText, "eol">>): Buffer | { error: string } {
  if (!WRITABLE.has(src.encoding)) return { error: `files encoded as ${src.encoding} are not rewritten` };
  if (src.eol === "\r") text = text.replace(/\n/g, "\r");
  if (src.encoding !== "utf-8") {
    const limit = src.encoding === "ascii" ? 0x7f : 0xff;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > limit) return { error: `the new text cannot be encoded as ${src.encoding}` };
    return Buffer.from(text, "latin1");
  }
  const body = Buffer.from(text, "utf8");
  return src.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** UTF-16 offset of a 1-based line (lines end at \n, as tree-sitter counts them) and code-point column. */
export function offsetAt(text: string, line: number, column: number): number {
  let i = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return text.length;
    i = nl + 1;
  }
  for (let c = 1; c < column && i < text.length; c++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) break;
    i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return i;
}

export function rangeOffsets(text: string, r: Range): [number, number] {
  return [offsetAt(text, r.line, r.column), offsetAt(text, r.endLine, r.endColumn)];
}

/**
 * Applies non-overlapping edits of one file; "\n" in new text becomes the file's line ending (a file of lone \r is
 * held with \n, and encodeSource writes its \r back).
 */
export function applyTextEdits(src: SourceText, edits: TextEdit[]): string {
  const spans = edits.map((e) => ({ span: rangeOffsets(src.text, e.range), text: src.eol === "\r\n" ? e.newText.replace(/\n/g, "\r\n") : e.newText }));
  spans.sort((a, b) => b.span[0] - a.span[0] || b.span[1] - a.span[1]);
  let out = src.text;
  for (const s of spans) out = out.slice(0, s.span[0]) + s.text + out.slice(s.span[1]);
  return out;
}

/** The source line (without its ending) of a 1-based line number. */
export function lineText(text: string, line: number): string {
  const start = offsetAt(text, line, 1);
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, "");
}

/** Runs `fn` on a syntax tree of `text` and frees it (wasm memory is not garbage-collected). */
export async function withTree<T>(text: string, fn: (root: Node) => T): Promise<T> {
  const parser = await getParser();
  const tree: Tree | null = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function insideImport(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === "import_statement" || p.type === "import_from_statement" || p.type === "future_import_statement") return true;
  return false;
}

/** How a file uses a name outside import statements: whether at all, and which attributes it reads from it. */
export interface NameUse {
  used: boolean;
  attributes: string[];
  /** Called or subclassed: the name is a function or class, never a module. */
  called: boolean;
}

/**
 * How the file uses `name`: the text locates the candidate spots and the syntax tree decides what each one is, so a
 * large file costs a handful of node lookups instead of a walk over every identifier.
 */
export function nameUse(root: Node, text: string, name: string): NameUse {
  const use: NameUse = { used: false, attributes: [], called: false };
  for (const id of useSites(root, text, name)) {
    const parent = id.parent;
    use.used = true;
    if ((parent?.type === "call" && parent.childForFieldName("function")?.id === id.id) || (parent?.type === "argument_list" && parent.parent?.type === "class_definition")) use.called = true;
    if (parent?.type === "attribute" && parent.childForFieldName("object")?.id === id.id) {
      const attr = parent.childForFieldName("attribute")?.text;
      if (attr && !use.attributes.includes(attr)) use.attributes.push(attr);
    }
  }
  return use;
}

/** The identifiers that read or bind `name` outside import statements (not `x.name`, not a keyword argument's name). */
export function useSites(root: Node, text: string, name: string): Node[] {
  const out: Node[] = [];
  const escaped = name.replace(/[$]/g, "\\$&");
  const spots = new RegExp(`(?<![\\w$])${escaped}(?![\\w])`, "gu");
  for (const m of text.matchAll(spots)) {
    const id = root.descendantForIndex(m.index, m.index + name.length);
    if (!id || id.type !== "identifier" || id.startIndex !== m.index || id.text !== name || insideImport(id)) continue;
    const parent = id.parent;
    // `x.name` where x is another object's attribute `name` is not a use of the name.
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === id.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === id.id) continue;
    out.push(id);
  }
  return out;
}

/** The 1-based line and code-point column of a UTF-16 offset (inverse of offsetAt). */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  let column = 1;
  for (let i = start; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    column++;
  }
  return { line, column };
}

/** An edit replacing the UTF-16 span [start, end) of `text`. */
export function spanEdit(path: string, text: string, start: number, end: number, newText: string): TextEdit {
  const s = positionAt(text, start);
  const e = positionAt(text, end);
  return { path, range: { line: s.line, column: s.column, endLine: e.line, endColumn: e.column }, newText };
}
