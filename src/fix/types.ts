// What a fix is: text edits and file operations with a safety class (ruff's definitions), as every report shows it.
import type { Range } from "../parse/facts.js";

/** safe: keeps runtime behaviour; unsafe: may change it (applied only with --unsafe-fixes); display-only: never applied. */
export type FixSafety = "safe" | "unsafe" | "display-only";

/** Replace `range` (1-based lines, code-point columns, end exclusive) of the repo-relative `path` with `newText`. */
export interface TextEdit {
  path: string;
  range: Range;
  newText: string;
}

/** A file creation (with content), a move (a file-system rename: `path` to `to`) or a deletion. */
export interface FileOp {
  op: "create" | "move" | "delete";
  path: string;
  to?: string;
  content?: string;
}

export interface Fix {
  /**
   * What kind of repair it is (`move`, `re-export`, `retarget`, `remove`, `scaffold`, …): a root cause's diagnostics
   * are repaired together by their candidates of one strategy.
   */
  strategy?: string;
  safety: FixSafety;
  description: string;
  /** Edits apply to the paths as they are before this fix's file operations run. */
  edits: TextEdit[];
  fileOps: FileOp[];
}

const RANK: Record<FixSafety, number> = { "display-only": 0, unsafe: 1, safe: 2 };

/** Whether a fix of this safety is applied when unsafe fixes are (not) allowed. */
export function applicable(safety: FixSafety, unsafe: boolean): boolean {
  return RANK[safety] >= (unsafe ? 1 : 2);
}

/** The least safe of several (a fix is as safe as its least safe part). */
export function leastSafe(...s: FixSafety[]): FixSafety {
  return s.reduce((a, b) => (RANK[a] <= RANK[b] ? a : b), "safe");
}

export const editKey = (e: TextEdit): string => JSON.stringify([e.path, e.range.line, e.range.column, e.range.endLine, e.range.endColumn, e.newText]);
export const opKey = (o: FileOp): string => JSON.stringify([o.op, o.path, o.to ?? null, o.content ?? null]);

/** One stable key per fix content: identical fixes (one move offered by every importer) are applied once. */
export function fixKey(f: Fix): string {
  return JSON.stringify([f.edits.map(editKey), f.fileOps.map(opKey)]);
}
