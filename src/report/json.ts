// `--format json`: the stable machine-readable schema (version 1).
import type { AnalysisResult } from "../analyze.js";
import type { Diagnostic } from "../diagnostic.js";

const FIELDS: (keyof Diagnostic)[] = ["code", "rule", "severity", "path", "line", "column", "endLine", "endColumn", "message", "runtimeError", "context", "module", "name", "notes", "fix"];

export function renderJson(result: AnalysisResult): string {
  const diagnostics = result.diagnostics.map((d) => Object.fromEntries(FIELDS.map((k) => [k, d[k]])));
  return JSON.stringify({
    version: 1,
    root: result.root,
    pythonVersion: result.pythonVersion,
    diagnostics,
    ...(result.impact
      ? { impact: result.impact.map((c) => ({ rootCause: c.rootCause, runtimeError: c.runtimeError, diagnostics: c.diagnostics, blockedTests: c.blockedTests, brokenModules: c.brokenModules, notes: c.notes })) }
      : {}),
    summary: {
      files: result.files,
      diagnostics: diagnostics.length,
      errors: result.diagnostics.filter((d) => d.severity === "error").length,
      durationMs: result.durationMs,
    },
  }, null, 2) + "\n";
}
