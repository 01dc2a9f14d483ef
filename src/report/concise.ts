// `--output-format concise`: one line per finding, as ruff's concise format, then the summary.
import type { AnalysisResult } from "../analysis.js";
import { renderSummary, type Style } from "./text.js";

export function renderConcise(result: AnalysisResult, s: Style, summary: boolean): string {
  const lines = result.diagnostics.map((d) => {
    const code = d.severity === "error" ? s.red(d.code) : d.severity === "warning" ? s.yellow(d.code) : s.cyan(d.code);
    const label = d.severity === "error" ? "" : ` ${s.dim(`[${d.severity}]`)}`;
    const fixable = d.fix?.safety === "safe" ? ` ${s.cyan("[*]")}` : "";
    return `${s.bold(`${d.path}:${d.line}:${d.column}:`)} ${code}${label}${fixable} ${d.message}`;
  });
  if (summary) lines.push(renderSummary(result, s));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
