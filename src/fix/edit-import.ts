// Edits of one import statement: take a name out of it (the whole statement when it is the only one), or move a name
// to an import of its own; and how a module is written from an importer (relative when the statement was).
import type { ImportedName, ImportStatement } from "../parse/facts.js";
import type { FixContext } from "./fixers/context.js";
import { lineText, offsetAt, spanEdit } from "./source.js";
import type { TextEdit } from "./types.js";

/** `from module import name [as alias]`. */
export function importLine(module: string, n: ImportedName): string {
  return `from ${module} import ${n.alias ? `${n.name} as ${n.alias}` : n.name}`;
}

/**
 * How `target` is written in a statement like `stmt`, whose absolute module is `absolute`: relative when `stmt` is and
 * `target` shares its top-level package (so the statement keeps working under every layout it worked under), absolute
 * otherwise. Null when a relative statement's package cannot be told.
 */
export function moduleSpecFor(stmt: ImportStatement, absolute: string | null, target: string): string | null {
  if (stmt.level === 0) return target;
  if (absolute === null) return null;
  // The package the dots start from: `from ..a.b import x` in p.q.m has absolute p.a.b; its base is p.
  const base = stmt.module === "" ? absolute : absolute.split(".").slice(0, -stmt.module.split(".").length).join(".");
  const from = base === "" ? [] : base.split(".");
  const to = target.split(".");
  let k = 0;
  while (k < from.length && k < to.length && from[k] === to[k]) k++;
  if (k === 0) return null; // another top-level package: a relative import cannot reach it, an absolute one may not resolve
  return `${".".repeat(from.length - k + 1)}${to.slice(k).join(".")}`;
}

/** Edits that take `n` out of `stmt` (the whole statement when it is the only name), or null when that is not expressible. */
export async function removeName(fx: FixContext, rel: string, stmt: ImportStatement, n: ImportedName, replacement: string | null): Promise<TextEdit[] | null> {
  const src = fx.source(rel)!;
  const names = stmt.names;
  const i = names.indexOf(n);
  const edits: TextEdit[] = [];
  if (names.length > 1) {
    const [s, e] = i > 0
      ? [offsetAt(src.text, names[i - 1]!.range.endLine, names[i - 1]!.range.endColumn), offsetAt(src.text, n.range.endLine, n.range.endColumn)]
      : [offsetAt(src.text, n.range.line, n.range.column), offsetAt(src.text, names[1]!.range.line, names[1]!.range.column)];
    edits.push(spanEdit(rel, src.text, s, e, ""));
    if (replacement !== null) {
      const first = lineText(src.text, stmt.range.line);
      const indent = first.slice(0, stmt.range.column - 1);
      if (indent.trim() !== "") return null; // `if x: from a import b` has no line of its own
      const endLine = lineText(src.text, stmt.range.endLine);
      edits.push({ path: rel, range: { line: stmt.range.endLine, column: [...endLine].length + 1, endLine: stmt.range.endLine, endColumn: [...endLine].length + 1 }, newText: `\n${indent}${replacement}` });
    }
    return edits;
  }
  if (replacement !== null) return [{ path: rel, range: stmt.range, newText: replacement }];
  // The only name: the statement goes, or becomes `pass` when it is the only statement of its block.
  const start = offsetAt(src.text, stmt.range.line, stmt.range.column);
  const alone = await fx.withTree(rel, (root) => {
    const node = root.descendantForIndex(start);
    let s: typeof node | null = node;
    while (s && s.type !== "import_from_statement") s = s.parent;
    const block = s?.parent;
    return block?.type === "block" && block.namedChildren.filter((c) => c && c.type !== "comment").length === 1;
  });
  if (alone) return [{ path: rel, range: stmt.range, newText: "pass" }];
  const line = lineText(src.text, stmt.range.line);
  const last = lineText(src.text, stmt.range.endLine);
  const wholeLines = line.slice(0, stmt.range.column - 1).trim() === "" && [...last].slice(stmt.range.endColumn - 1).join("").trim() === "";
  if (!wholeLines) return [{ path: rel, range: stmt.range, newText: "pass" }];
  const s = offsetAt(src.text, stmt.range.line, 1);
  const nextLine = offsetAt(src.text, stmt.range.endLine + 1, 1);
  return [spanEdit(rel, src.text, s, nextLine, "")];
}
