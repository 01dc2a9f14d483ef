// `--format github`: GitHub Actions workflow commands, one annotation per diagnostic.
import type { AnalysisResult } from "../analysis.js";

/** Workflow-command escaping: data escapes %, CR and LF; property values also `:` and `,`. */
const data = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string): string => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function renderGithub(result: AnalysisResult): string {
  return result.diagnostics
    .map((d) => {
      const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = `file=${prop(d.path)},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${prop(d.code)}`;
      const body = d.runtimeError ? `${d.message}\n${d.runtimeError}` : d.message;
      return `::${level} ${props}::${data(body)}\n`;
    })
    .join("");
}
