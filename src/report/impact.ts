// `check --impact`: the root causes by blast radius, in text (the post-mortem's table) or markdown (a PR comment).
import type { AnalysisResult } from "../analysis.js";
import type { Style } from "./text.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export function renderImpactText(result: AnalysisResult, s: Style): string {
  const causes = result.impact ?? [];
  const out: string[] = [];
  const tests = new Set(causes.flatMap((c) => c.blockedTests));
  const possible = causes.filter((c) => !c.certain).length;
  out.push(s.bold(`${plural(causes.length, "root cause")}, blocking ${plural(tests.size, "test file")}${possible ? ` (${possible} of them only possible: they block nothing for certain)` : ""}`));
  out.push("");
  causes.forEach((c, i) => {
    const d = result.diagnostics[c.rootCause]!;
    const code = d.severity === "error" ? s.red(d.code) : s.yellow(d.code);
    out.push(`${s.bold(`${i + 1}.`)} ${code} ${s.bold(`${d.path}:${d.line}:${d.column}`)} ${d.message}`);
    if (c.runtimeError) out.push(`   ${s.cyan("runtime")}: ${c.runtimeError}`);
    const here = `${d.path}:${d.line}`;
    const others = [...new Set(c.diagnostics.map((x) => `${result.diagnostics[x]!.path}:${result.diagnostics[x]!.line}`))].filter((w) => w !== here);
    if (others.length > 0) out.push(`   ${s.cyan("also at")}: ${others.join(", ")}`);
    if (c.certain) {
      out.push(`   ${s.cyan("blocks")}: ${c.blockedTests.length === 0 ? "no test file (every test that reaches it fails on another cause first, or none imports it)" : plural(c.blockedTests.length, "test file")}`);
      for (const t of c.blockedTests) out.push(`     ${t}`);
      if (c.brokenModules.length) out.push(`   ${s.cyan("breaks")}: ${c.brokenModules.join(", ")}`);
    } else {
      out.push(`   ${s.cyan("may block")}: ${c.mayBlockTests.length === 0 ? "no test file" : `${plural(c.mayBlockTests.length, "test file")}, if it fails (it may not: ${d.severity})`}`);
      for (const t of c.mayBlockTests) out.push(`     ${t}`);
      if (c.mayBreakModules.length) out.push(`   ${s.cyan("may break")}: ${c.mayBreakModules.join(", ")}`);
    }
    for (const n of c.notes) out.push(`   ${s.cyan("note")}: ${n}`);
    out.push("");
  });
  return out.join("\n");
}

const cell = (t: string): string => t.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (t: string): string => `\`${t.replace(/`/g, "'")}\``;

export function renderMarkdown(result: AnalysisResult): string {
  const causes = result.impact ?? [];
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const tests = new Set(causes.flatMap((c) => c.blockedTests));
  const out: string[] = [];
  out.push(`## import-doctor: ${errors === 0 ? "no import errors" : `${plural(errors, "import error")}, ${plural(causes.length, "root cause")}, ${plural(tests.size, "blocked test file")}`}`);
  out.push("");
  if (causes.length > 0) {
    out.push("| # | Root cause | Code | Where | Blocked tests |");
    out.push("|---|---|---|---|---|");
    causes.forEach((c, i) => {
      const d = result.diagnostics[c.rootCause]!;
      out.push(`| ${i + 1} | ${cell(d.message)} | ${d.code}${d.severity === "error" ? "" : ` (${d.severity})`} | ${code(`${d.path}:${d.line}`)} | ${c.blockedTests.length} |`);
    });
    out.push("");
    causes.forEach((c, i) => {
      const d = result.diagnostics[c.rootCause]!;
      const summary = c.certain ? plural(c.blockedTests.length, "blocked test file") : `may block ${plural(c.mayBlockTests.length, "test file")}`;
      out.push(`<details><summary>${i + 1}. ${d.code} ${cell(d.path)}:${d.line}: ${summary}</summary>`);
      out.push("");
      if (c.runtimeError) out.push("```text", c.runtimeError, "```");
      for (const t of c.blockedTests) out.push(`- ${code(t)}`);
      if (c.brokenModules.length) out.push("", `Breaks: ${c.brokenModules.map(code).join(", ")}`);
      if (c.mayBlockTests.length) out.push(`Only possible (${d.severity}): if it fails, it blocks`, "", ...c.mayBlockTests.map((t) => `- ${code(t)}`));
      if (c.mayBreakModules.length) out.push("", `May break: ${c.mayBreakModules.map(code).join(", ")}`);
      for (const n of c.notes) out.push("", `> ${n}`);
      out.push("", "</details>", "");
    });
  }
  out.push(`<sub>${result.files} files, Python ${result.pythonVersion}</sub>`, "");
  return out.join("\n");
}
