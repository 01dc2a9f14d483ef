// Decides whether a finding is reported and how severely: TYPE_CHECKING, try/except guards, version guards, function scope.
import type { Severity } from "../diagnostic.js";
import type { ImportContext, ImportStatement } from "../parse/facts.js";
import type { FileAnalysis, Finding } from "./types.js";

export { catches, catchesOnlyImportErrors, evaluateVersion } from "../parse/conditions.js";
import { catches, evaluateVersion } from "../parse/conditions.js";

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
