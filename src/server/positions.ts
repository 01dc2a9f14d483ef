// Positions: import-doctor counts 1-based lines and columns in code points; LSP counts 0-based lines and UTF-16 units.
import { offsetAt } from "../fix/source.js";

/** The UTF-16 offset of a 1-based code-point column in `line` (past the end: the line's length). */
export const utf16Column = (line: string, column: number): number => offsetAt(line, 1, column);

/** The 1-based code-point column of a UTF-16 offset in `line`. */
export function codePointColumn(line: string, character: number): number {
  let units = 0;
  let points = 1;
  for (const ch of line) {
    if (units >= character) return points;
    units += ch.length;
    points++;
  }
  return points;
}

/** A file's lines, split as CPython counts them (\r\n, \n or \r). */
export const linesOf = (text: string): string[] => text.split(/\r\n|\n|\r/);

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** An import-doctor range (1-based, code points, end exclusive) in `lines`, as LSP counts it. */
export function lspRange(lines: readonly string[], r: { line: number; column: number; endLine: number; endColumn: number }): LspRange {
  const at = (line: number, column: number) => ({ line: Math.max(0, line - 1), character: utf16Column(lines[line - 1] ?? "", column) });
  return { start: at(r.line, r.column), end: at(r.endLine, r.endColumn) };
}
