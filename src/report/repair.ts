// What a `--fix` or `--diff` did per root cause, for people (stderr lines, a pull-request comment) and for machines
// (JSON): the fix groups with their candidates, the one applied, those refused and why, and the blocked test files.
import type { FixRun, GroupOutcome } from "../fix/engine.js";
import { renderDiff } from "../fix/diff.js";
import { fixJson } from "./json.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const where = (g: GroupOutcome): string => `${g.diagnostic.code}@${g.diagnostic.path}:${g.diagnostic.line}`;

/** Test files blocked before that collect after (for certain or possibly blocked no more). */
export function nowCollect(run: FixRun): string[] {
  const after = new Set(run.blocked.after);
  return run.blocked.before.filter((t) => !after.has(t));
}

/** `; 9 of 9 blocked test files now collect` (empty when nothing was blocked). */
export function blockedSummary(run: FixRun, verb: "now collect" | "would collect"): string {
  const before = run.blocked.before.length;
  if (before === 0) return "";
  const n = nowCollect(run).length;
  return `; ${n} of ${plural(before, "blocked test file")} ${n === 1 && verb === "now collect" ? "now collects" : verb}`;
}

/**
 * Lines for stderr: each refused candidate and why; with `alternatives` (for --diff), each cause that has more than
 * one candidate, numbered for --choose.
 */
export function renderGroupsText(run: FixRun, alternatives: boolean, unsafe: boolean): string {
  const out: string[] = [];
  for (const g of run.groups) {
    for (const r of g.refused) out.push(`import-doctor: fix not applied for ${g.diagnostic.code} at ${g.diagnostic.path}:${g.diagnostic.line} (${r.fix.description}): ${r.reason}`);
  }
  if (!alternatives) return out.length ? `${out.join("\n")}\n` : "";
  for (const g of run.groups) {
    if (g.options.length < 2) continue;
    const refused = new Set(g.refused.map((r) => r.fix));
    out.push(`import-doctor: ${g.diagnostic.code} at ${g.diagnostic.path}:${g.diagnostic.line}${g.diagnostics > 1 ? ` (and ${g.diagnostics - 1} more of the same cause)` : ""} has ${g.options.length} candidate repairs:`);
    g.options.forEach((f, i) => out.push(`  ${i + 1}. ${f.description} (${f.safety}${g.applied === f ? ", applied" : refused.has(f) ? ", refused" : ""})`));
    const other = g.options.findIndex((f) => f !== g.applied && !refused.has(f) && f.safety !== "display-only");
    if (other >= 0) out.push(`  pick another with --choose ${where(g)}=${other + 1}${g.options[other]!.safety === "unsafe" && !unsafe ? " --unsafe-fixes" : ""}`);
  }
  return out.length ? `${out.join("\n")}\n` : "";
}


/** The repair report as data: what `--format json` prints for `--diff`, and adds under `repair` for `--fix`. */
export function repairJson(run: FixRun, applied: boolean) {
  return {
    applied,
    groups: run.groups.map((g) => ({
      cause: g.cause,
      code: g.diagnostic.code,
      path: g.diagnostic.path,
      line: g.diagnostic.line,
      diagnostics: g.diagnostics,
      choose: g.options.map((_, i) => `${where(g)}=${i + 1}`),
      candidates: g.options.map(fixJson),
      applied: g.applied ? g.options.indexOf(g.applied) + 1 || null : null,
      repaired: g.repaired,
      refused: g.refused.map((r) => ({ candidate: g.options.indexOf(r.fix) + 1 || null, description: r.fix.description, reason: r.reason })),
    })),
    changes: run.changes.map((c) => ({ kind: c.kind, from: c.from, to: c.to, diff: renderDiff([c]).toString("utf8") })),
    verification: { passes: run.passes, blockedTestsBefore: run.blocked.before, blockedTestsAfter: run.blocked.after, nowCollect: nowCollect(run) },
    summary: { fixed: run.fixed.length, files: run.changes.length, unsafeSkipped: run.unsafeSkipped },
  };
}

export function renderRepairJson(run: FixRun, root: string): string {
  return `${JSON.stringify({ version: 1, root, repair: repairJson(run, false) }, null, 2)}\n`;
}

const cell = (t: string): string => t.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The repair as a pull-request comment. */
export function renderRepairMarkdown(run: FixRun, applied: boolean): string {
  const out: string[] = [];
  const before = run.blocked.before.length;
  out.push(`## import-doctor: ${applied ? "repaired" : "proposed repair"}: ${plural(run.fixed.length, "diagnostic")} in ${plural(run.changes.length, "file")}${before ? `, ${nowCollect(run).length} of ${plural(before, "blocked test file")} ${applied ? "now collect" : "would collect"}` : ""}`);
  out.push("");
  if (run.groups.length > 0) {
    out.push("| # | Root cause | Where | Repair | Safety | Alternatives |");
    out.push("|---|---|---|---|---|---|");
    run.groups.forEach((g, i) => {
      const alts = g.options.filter((f) => f !== g.applied).map((f) => `${g.options.indexOf(f) + 1}. ${f.description}`);
      const why = g.applied?.description ?? (g.repaired ? "repaired by another group's fix" : g.refused.length ? `not repaired: ${g.refused.map((r) => r.reason).join("; ")}` : "none");
      out.push(`| ${i + 1} | ${cell(g.cause)} | \`${g.diagnostic.path}:${g.diagnostic.line}\` | ${cell(why)} | ${g.applied?.safety ?? ""} | ${cell(alts.join("; ")) || "none"} |`);
    });
    out.push("");
  }
  if (run.changes.length > 0) out.push("<details><summary>The change</summary>", "", "```diff", renderDiff(run.changes).toString("utf8").trimEnd(), "```", "", "</details>", "");
  const still = run.blocked.after;
  if (still.length > 0) out.push(`Still blocked: ${still.map((t) => `\`${t}\``).join(", ")}`, "");
  return out.join("\n");
}
