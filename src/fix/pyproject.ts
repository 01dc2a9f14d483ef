// Adds a distribution to pyproject.toml's [project] dependencies, keeping the file's own layout (a text edit, checked by re-parsing).
import { parse } from "smol-toml";
import { applyTextEdits, detectEol, spanEdit } from "./source.js";
import type { TextEdit } from "./types.js";

/** Offset just past the `]` closing the array that opens at `open`, skipping strings and comments; -1 if unclosed. */
function arrayEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? text.indexOf(c.repeat(3), i + 3) : text.indexOf(c, i + 1);
      if (close < 0) return -1;
      if (!triple && c === '"') {
        // basic strings have escapes
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
        i = j;
      } else i = close + (triple ? 2 : 0);
    } else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i + 1;
  }
  return -1;
}

function dependenciesOf(text: string): unknown {
  try {
    return ((parse(text) as Record<string, unknown>).project as Record<string, unknown> | undefined)?.dependencies;
  } catch {
    return undefined;
  }
}

/** The edit that declares `dist`, or null (with the reason) when the file has no [project] table to declare it in. */
export function addDependencyEdit(relPath: string, text: string, dist: string): { edit: TextEdit } | { why: string } {
  const before = dependenciesOf(text);
  const eol = detectEol(text);
  const header = /^[ \t]*\[project\][ \t]*(#.*)?$/m.exec(text);
  if (!header) return { why: `${relPath} has no [project] table` };
  const tableStart = header.index + header[0].length;
  const next = /^[ \t]*\[/m.exec(text.slice(tableStart));
  const tableEnd = next ? tableStart + next.index : text.length;
  const body = text.slice(tableStart, tableEnd);
  const key = /^([ \t]*)dependencies[ \t]*=[ \t]*\[/m.exec(body);
  const quoted = JSON.stringify(dist);
  let edit: TextEdit;
  if (!key) {
    if (before !== undefined) return { why: `${relPath} declares its dependencies in a form import-doctor does not edit` };
    edit = spanEdit(relPath, text, tableStart, tableStart, `${eol}dependencies = [${quoted}]`);
  } else {
    const open = tableStart + key.index + key[0].length - 1;
    const end = arrayEnd(text, open);
    if (end < 0) return { why: `${relPath}: unterminated dependencies array` };
    const close = end - 1;
    // The last meaningful character before `]` (comments and blanks skipped).
    const inner = text.slice(open + 1, close);
    // The end of the last item (or its comma), comments and blanks skipped: offsets stay those of the original text.
    let lastAt = -1;
    let lineStart = open + 1;
    for (const line of inner.split("\n")) {
      const code = line.replace(/(^|\s)#.*$/, "").trimEnd();
      if (code.trim() !== "") lastAt = lineStart + code.length;
      lineStart += line.length + 1;
    }
    if (lastAt < 0) {
      edit = spanEdit(relPath, text, open + 1, open + 1, quoted);
    } else {
      const trailingComma = text[lastAt - 1] === ",";
      if (inner.includes("\n")) {
        const start = text.lastIndexOf("\n", lastAt - 1) + 1;
        const indent = /^[ \t]*/.exec(text.slice(start))![0];
        // After the last item's line (its comment stays with it).
        const eolAt = text.indexOf("\n", lastAt);
        const at = trailingComma ? (eolAt < 0 ? text.length : eolAt) : lastAt;
        const lineEnd = text[at - 1] === "\r" ? at - 1 : at;
        edit = trailingComma ? spanEdit(relPath, text, lineEnd, lineEnd, `${eol}${indent}${quoted},`) : spanEdit(relPath, text, at, at, `,${eol}${indent}${quoted}`);
      } else {
        edit = spanEdit(relPath, text, lastAt, lastAt, trailingComma ? ` ${quoted}` : `, ${quoted}`);
      }
    }
  }
  // Trust the text edit only if TOML reads it back as exactly one more dependency.
  const after = dependenciesOf(applyTextEdits({ text, encoding: "utf-8", bom: false, eol: "\n" }, [{ ...edit, newText: edit.newText }]));
  const expected = [...(Array.isArray(before) ? before : []), dist];
  if (JSON.stringify(after) !== JSON.stringify(expected)) return { why: `${relPath}: could not add ${dist} without reformatting the file` };
  return { edit };
}
