// `--format text`: ruff-style `path:line:col: CODE message`, a code frame, the predicted CPython error, and a summary.
import { fixKey } from "../fix/types.js";
import type { AnalysisResult } from "../analysis.js";
import type { Diagnostic } from "../diagnostic.js";

export interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string): string => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLOR: Style = { bold: wrap(1, 22), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), dim: wrap(2, 22) };
export const PLAIN: Style = { bold: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, dim: (s) => s };

/** Colour only on a TTY, never with NO_COLOR; FORCE_COLOR forces it. */
export function pickStyle(stream: NodeJS.WriteStream): Style {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return PLAIN;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return COLOR;
  return stream.isTTY ? COLOR : PLAIN;
}

function frame(d: Diagnostic, lines: ReadonlyMap<number, string> | undefined, s: Style): string[] {
  const text = lines?.get(d.line);
  if (text === undefined) return [];
  const gutter = String(d.line).length;
  const pad = " ".repeat(gutter);
  const chars = [...text];
  const start = Math.max(0, d.column - 1);
  const end = d.endLine === d.line ? Math.max(start + 1, d.endColumn - 1) : chars.length;
  const caretColor = d.severity === "error" ? s.red : d.severity === "warning" ? s.yellow : s.cyan;
  const lead = chars.slice(0, start).map((c) => (c === "\t" ? "\t" : " ")).join("");
  return [
    s.cyan(`${pad} |`),
    `${s.cyan(`${d.line} |`)} ${text}`,
    `${s.cyan(`${pad} |`)} ${lead}${caretColor("^".repeat(Math.max(1, end - start)) + " " + d.code)}`,
    s.cyan(`${pad} |`),
  ];
}

const FIX_LABEL = { safe: "safe fix", unsafe: "unsafe fix: --unsafe-fixes", "display-only": "suggestion, not applied automatically" } as const;

/** `sources`: of each file, the text of the lines the frames show (by 1-based number); none shown when missing. */
export function renderText(result: AnalysisResult, sources: ReadonlyMap<string, ReadonlyMap<number, string>>, s: Style, summary = true): string {
  const out: string[] = [];
  for (const d of result.diagnostics) {
    const sev = d.severity === "error" ? s.red(d.code) : d.severity === "warning" ? s.yellow(d.code) : s.cyan(d.code);
    const label = d.severity === "error" ? "" : ` ${s.dim(`[${d.severity}]`)}`;
    // ruff's marker: [*] when `--fix` repairs it as is.
    const fixable = d.fix?.safety === "safe" ? ` ${s.cyan("[*]")}` : "";
    out.push(`${s.bold(`${d.path}:${d.line}:${d.column}:`)} ${sev}${label}${fixable} ${d.message}`);
    out.push(...frame(d, sources.get(d.path), s));
    if (d.runtimeError) out.push(`  ${s.cyan("=")} ${s.bold("runtime")}: ${d.runtimeError}`);
    out.push(`  ${s.cyan("=")} ${s.bold("context")}: ${d.context}`);
    for (const n of d.notes) out.push(`  ${s.cyan("=")} ${s.bold("note")}: ${n}`);
    if (d.fix) out.push(`  ${s.cyan("=")} ${s.bold("help")}: ${d.fix.description} ${s.dim(`(${FIX_LABEL[d.fix.safety]})`)}`);
    out.push("");
  }
  if (summary) out.push(renderSummary(result, s));
  else if (out.length === 0) return "";
  return out.join("\n") + "\n";
}

/** The closing line: "All checks passed!" or "Found N errors in M files.". */
export function renderSummary(result: AnalysisResult, s: Style): string {
  const out: string[] = [];
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const warnings = result.diagnostics.filter((d) => d.severity === "warning").length;
  const errFiles = new Set(errors.map((d) => d.path)).size;
  const tail = warnings ? ` (and ${warnings} warning${warnings === 1 ? "" : "s"})` : "";
  if (errors.length === 0) out.push(`${s.bold("All checks passed!")}${tail} ${s.dim(`${result.files} file${result.files === 1 ? "" : "s"}, Python ${result.pythonVersion}`)}`);
  else out.push(s.bold(`Found ${errors.length} error${errors.length === 1 ? "" : "s"} in ${errFiles} file${errFiles === 1 ? "" : "s"}${tail}.`));
  // Identical fixes (one move offered by every importer) count once, as --fix applies them once.
  const keys = (safety: string): number => new Set(result.diagnostics.filter((d) => d.fix?.safety === safety).map((d) => fixKey(d.fix!))).size;
  const safe = keys("safe");
  const unsafe = keys("unsafe");
  if (safe > 0 || unsafe > 0) {
    const more = unsafe > 0 ? `${safe > 0 ? " (" : ""}${unsafe} more with \`--fix --unsafe-fixes\`${safe > 0 ? ")" : ""}` : "";
    out.push(safe > 0 ? `${s.cyan("[*]")} ${safe} fix${safe === 1 ? "" : "es"} available with \`--fix\`${more}; preview with \`--diff\`.` : `${unsafe} fix${unsafe === 1 ? "" : "es"} available with \`--fix --unsafe-fixes\`; preview with \`--diff --unsafe-fixes\`.`);
  }
  return out.join("\n");
}
