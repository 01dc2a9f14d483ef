// The diagnostic every rule produces and every renderer prints.
import type { Fix } from "./fix/types.js";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  code: string;
  rule: string;
  severity: Severity;
  /** Repo-relative POSIX path. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** The exact error CPython raises, or null when the finding is not a runtime failure (deprecations). */
  runtimeError: string | null;
  context: string;
  /** Absolute dotted module the statement imports (relative imports resolved), or null when it cannot be computed. */
  module: string | null;
  /** The imported name for IMP002, else null. */
  name: string | null;
  notes: string[];
  /** How to repair it, when import-doctor knows (filled by the fix stage with `fixes: true`). */
  fix: Fix | null;
  /** Other candidate repairs, next best first (`--choose` picks one); absent when there is none. */
  alternatives?: Fix[];
}

/** A diagnostic plus what suppression needs: the lines of the whole statement. */
export interface RawDiagnostic extends Diagnostic {
  statementLines: [number, number];
}

export function sortDiagnostics<T extends Diagnostic>(list: T[]): T[] {
  return list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
}
