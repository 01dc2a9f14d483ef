// `--statistics`: the number of findings per rule, most frequent first, as ruff prints them.
import type { AnalysisResult } from "../analysis.js";

export interface RuleCount {
  code: string;
  name: string;
  count: number;
  /** How many of them `--fix` repairs as they are (safe fixes). */
  fixable: number;
}

export function statistics(result: AnalysisResult): RuleCount[] {
  const by = new Map<string, RuleCount>();
  for (const d of result.diagnostics) {
    const c = by.get(d.code) ?? by.set(d.code, { code: d.code, name: d.rule, count: 0, fixable: 0 }).get(d.code)!;
    c.count++;
    if (d.fix?.safety === "safe") c.fixable++;
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

export function renderStatistics(result: AnalysisResult, format: "text" | "json"): string {
  const rows = statistics(result);
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  const width = Math.max(0, ...rows.map((r) => String(r.count).length));
  return rows.map((r) => `${String(r.count).padStart(width)}\t${r.code}\t${r.fixable > 0 ? "[*] " : "    "}${r.name}\n`).join("");
}
