// Decides whether a finding is reported and how severely: TYPE_CHECKING, try/except guards, version guards, function scope.
import type { Severity } from "../diagnostic.js";
import type { Condition, ImportContext, ImportStatement } from "../parse/facts.js";
import type { FileAnalysis, Finding } from "./types.js";

const IMPORT_FAMILY = new Set(["ImportError", "ModuleNotFoundError"]);

/** Whether an `except` list catches nothing but ImportError and ModuleNotFoundError (then an import step decides whether its handler runs). */
export function catchesOnlyImportErrors(list: string[]): boolean {
  return list.every((raw) => IMPORT_FAMILY.has(raw.slice(raw.lastIndexOf(".") + 1)));
}

/** Whether an `except` list catches the error class. ModuleNotFoundError is a subclass of ImportError, not the reverse. */
export function catches(list: string[], errorClass: "ModuleNotFoundError" | "ImportError" | "AttributeError" | "SyntaxError" | "KeyError"): boolean {
  return list.some((raw) => {
    const n = raw.slice(raw.lastIndexOf(".") + 1);
    if (n === "*" || n === "Exception" || n === "BaseException") return true;
    if (errorClass === "KeyError") return n === "KeyError" || n === "LookupError";
    if (errorClass === "AttributeError" || errorClass === "SyntaxError") return n === errorClass;
    return n === "ImportError" || (errorClass === "ModuleNotFoundError" && n === "ModuleNotFoundError");
  });
}

/** Python tuple ordering: first differing item decides; a proper prefix is smaller. */
function compareTuples(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** true/false for a literal `sys.version_info` comparison on the target version, null if unknowable. */
export function evaluateVersion(c: Condition, target: number[]): boolean | null {
  if (c.kind !== "version" || !c.op || !c.version) return null;
  // sys.version_info is a 5-tuple (3, 12, micro, 'final', serial); `[:2]` slices it.
  const slice = /sys\.version_info\[(?:0)?:(\d)\]/.exec(c.text);
  const leftLen = slice ? Number(slice[1]) : 5;
  if (c.version.length > 2 && leftLen > 2) return null; // depends on the micro version
  const left = [target[0] ?? 3, target[1] ?? 0, 0, 0, 0].slice(0, leftLen);
  const cmp = compareTuples(left, c.version);
  let r: boolean;
  switch (c.op) {
    case ">=": r = cmp >= 0; break;
    case ">": r = cmp > 0; break;
    case "<": r = cmp < 0; break;
    case "<=": r = cmp <= 0; break;
    case "==": r = cmp === 0; break;
    case "!=": r = cmp !== 0; break;
    default: return null;
  }
  return c.branch ? r : !r;
}

export interface Gated {
  severity: Severity;
  context: string;
}

/** Whether the import statement would run in this context at all; null if it never runs. */
function runs(ctx: ImportContext, minor: number): { certain: boolean } | null {
  if (ctx.typeChecking === "if") return null;
  let certain = true;
  for (const c of ctx.conditions) {
    const v = evaluateVersion(c, [3, minor]);
    if (v === false) return null;
    if (v === null) certain = false;
  }
  return { certain };
}

export function gate(
  finding: Finding,
  stmt: ImportStatement,
  file: FileAnalysis,
  minor: number,
  handlerReachable: (tryId: number) => boolean,
  searchPathEditedBy: string | null,
  /** Whether the except handler of this try id certainly runs (its body certainly raises what it catches). */
  handlerCertain: (tryId: number) => boolean = () => true,
): Gated | null {
  const ctx = finding.site?.context ?? stmt.context;
  // sys.path edits are escape hatches: a module found nowhere may be found after them.
  if (finding.dependsOnSearchPath && searchPathEditedBy) return null;
  const r = runs(ctx, minor);
  if (!r) return null;
  let severity = finding.severity;
  let context = finding.contextOverride ?? file.ctx.describe;
  if (finding.errorClass) {
    const errorClass = finding.errorClass;
    if (ctx.guards.some((g) => catches(g.catches, errorClass))) return null;
    if (ctx.inHandlerOf !== null && !handlerReachable(ctx.inHandlerOf)) return null;
  }
  const lower = (s: Severity): Severity => (s === "error" ? "warning" : s);
  if (!r.certain) {
    severity = lower(severity);
    const cond = ctx.conditions.map((c) => c.text).join(" and ");
    context += `, if ${cond}`;
  } else if (ctx.conditional) {
    severity = lower(severity);
    context += ", when the enclosing condition holds";
  }
  if (ctx.scope === "function") {
    severity = lower(severity);
    context += `, when ${ctx.functionName}() is called`;
  } else if (ctx.mainGuard) {
    severity = lower(severity);
    context = `when ${file.ctx.rel} runs as a script`;
  } else if (ctx.inHandlerOf !== null) {
    context += ", when the except handler runs";
    // `try: callable except NameError: from collections import Callable` runs only if the body raises.
    if (!handlerCertain(ctx.inHandlerOf)) severity = lower(severity);
  }
  return { severity, context };
}
