// Plain, serialisable facts about one Python file: what parse/ produces and everything later reads.

/** 1-based, inclusive-start / exclusive-end columns counted in characters (like ruff). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where an import statement sits, as far as it decides whether and when the import runs. */
export interface ImportContext {
  /** Innermost enclosing scope: module, a function body (runs on call) or a class body (runs at import). */
  scope: "module" | "function" | "class";
  /** Name of the innermost enclosing function, when scope is "function". */
  functionName: string | null;
  /** Inside `if TYPE_CHECKING:` (never runs) or its `else` (always runs at runtime). */
  typeChecking: "if" | "else" | null;
  /**
   * Exception guards: one entry per enclosing `try` whose *body* holds the import, listing the
   * exception classes its handlers catch ("*" for a bare `except:`; dotted names as written).
   */
  guards: TryGuard[];
  /** Inside an `except` handler of the try with this id (not guarded by that try). */
  inHandlerOf: number | null;
  /** Under `if __name__ == "__main__":`. */
  mainGuard: boolean;
  /** Enclosing `sys.version_info` / `sys.platform` conditions, with the branch taken. */
  conditions: Condition[];
  /** Under some other `if`/`while`/`match` (the import may or may not run). */
  conditional: boolean;
}

export interface TryGuard {
  tryId: number;
  catches: string[];
}

export interface Condition {
  kind: "version" | "platform";
  /** Source text of the test, e.g. `sys.version_info >= (3, 11)`. */
  text: string;
  /** Whether the import is in the `if` branch (true) or in an `elif`/`else` after it (false). */
  branch: boolean;
  /** For version tests: comparison operator and tuple, when the test is a literal comparison. */
  op?: string;
  version?: number[];
  /** For platform tests: `==`/`!=`/`startswith` and the literal. */
  platform?: string;
}

export interface ImportedName {
  /** The name imported (`c` in `from a.b import c as d`), or `*`. */
  name: string;
  /** The alias (`d`), or null. */
  alias: string | null;
  range: Range;
}

export interface ImportStatement {
  kind: "import" | "from";
  /** For `import a.b.c as x`, one statement per dotted name: the module; for `from`, the module part ("" for `from . import x`). */
  module: string;
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
  /** For `import a.b as c`: the alias; null otherwise. */
  alias: string | null;
  /** For `from` imports: the imported names; empty for plain `import`. */
  names: ImportedName[];
  /** Range of the whole statement. */
  range: Range;
  /** Range of the module path as written (dots included). */
  moduleRange: Range;
  context: ImportContext;
  /** `from __future__ import ...` */
  future: boolean;
  /** A call with a literal name, `importlib.import_module("pkg.mod")` or `__import__("pkg.mod")`: it imports like
   * `import pkg.mod` (and binds nothing); its text is no statement a fix could edit. */
  dynamic?: true;
}

/** A name bound at module level, in execution order. */
export interface Binding {
  name: string;
  line: number;
  /** Whether the binding happens on every run of the module body (false under if/try/loops). */
  conditional: boolean;
  kind: "def" | "class" | "assign" | "import" | "global" | "for" | "with" | "except" | "walrus" | "other";
}

export interface StarImport {
  module: string;
  level: number;
  line: number;
}

export interface EscapeHatch {
  kind: "sys.path" | "importlib.import_module" | "__import__" | "__path__" | "pkgutil.extend_path" | "sys.modules" | "sys.meta_path" | "globals" | "setattr";
  line: number;
  /** For setattr: the first argument as written (a module alias whose namespace gets new names). For
   * pkgutil.extend_path/declare_namespace: the package name passed as a literal (it adds portions of that package). */
  target?: string;
  /** Inside a `__getattr__` whose served names are listed: it runs only when one of them is looked up. */
  inGetattr?: true;
  /** A sys.path edit in a function that nothing calls while the module runs (a test, a pytest fixture): it cannot
   * change what the module's own top-level imports find. */
  afterImport?: true;
}

/** `name.attr...` read when the module body runs (module or class level, outside lazy or short-circuit code). */
export interface AttributeUse {
  /** The identifier the chain starts from, e.g. `pkg` in `pkg.mod.X`. */
  base: string;
  /** The attribute names after it: `["mod", "X"]`. */
  path: string[];
  range: Range;
  context: ImportContext;
}

export interface Suppression {
  line: number;
  /** Codes suppressed, or null for a bare `# noqa` (all codes). */
  codes: string[] | null;
  /** `# noqa…`, `# import-doctor: ignore…`, or `# import-doctor: skip-file` (every finding of the file). */
  kind: "noqa" | "ignore" | "skip-file";
}

export interface SyntaxProblem {
  range: Range;
  message: string;
  /** Set when CPython itself compiled the file and raised this error. */
  confirmed?: boolean;
}

export interface ModuleFacts {
  imports: ImportStatement[];
  /** Module-level bindings. Whoever reads them for a finding tells `NameUses` what it read (name-uses.ts): a stored
   * result outlives edits to the bindings of names nobody read. */
  bindings: Binding[];
  starImports: StarImport[];
  /** Literal `__all__` contents, or null when absent or not statically known. */
  all: string[] | null;
  /** `__all__` exists but could not be read statically. */
  allDynamic: boolean;
  /** A literal `__all__` with an item that is no string (`__all__ = ["A", A]`): the names listed before it, and its type
   * name where the literal says (`int`, `type` for a class defined once); `from m import *` raises TypeError there. */
  allNonString?: { before: string[]; type: string | null };
  /** How the file says it runs as a script: a module-level `if __name__ == "__main__":`, or a `#!` first line. */
  script?: "main-guard" | "shebang";
  hasGetattr: boolean;
  /** With `hasGetattr`: the names its `__getattr__` serves when they can be listed (it raises AttributeError for
   * every other name), else null. */
  getattrNames: string[] | null;
  escapeHatches: EscapeHatch[];
  /** Attribute reads at import time whose base is a name some import binds. */
  attributeUses: AttributeUse[];
  /** Attribute names assigned through a plain name anywhere (`mod.X = ...`): such a name may exist on any module. */
  attributeStores: string[];
  suppressions: Suppression[];
  syntaxErrors: SyntaxProblem[];
}

/** Result of reading and parsing one file. */
export type ParseOutcome =
  | { kind: "ok"; facts: ModuleFacts; encoding: string }
  | { kind: "undecodable"; message: string }
  | { kind: "unreadable"; message: string }
  | { kind: "too-large"; size: number }
  | { kind: "parse-failed"; message: string };
