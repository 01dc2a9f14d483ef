// What makes a staged fix worse than no fix: a new finding, a module or test file that fails and imported fine, a file
// CPython no longer compiles, or a root cause the fix was for that is still there.
import { existsSync } from "node:fs";
import path from "node:path";
import type { AnalysisResult } from "../analysis.js";
import type { RawDiagnostic } from "../diagnostic.js";
import { causeKey } from "../graph/impact.js";
import { confirmSyntax, type SyntaxVerdict } from "../parse/confirm-syntax.js";
import type { Fix } from "./types.js";
import { relativePosix } from "../discover/files.js";

/** Modules whose import fails and test files pytest cannot collect, by the impact analysis. */
export function broken(r: AnalysisResult, subjects: Set<string> = new Set()): { modules: Set<string>; tests: Set<string> } {
  // A possible failure counts too: a fix must not make a module or test depend on one it did not depend on. A
  // failure of the very module the fix is about (revealed where another masked it) does not.
  const causes = (r.impact ?? []).filter((c) => !subjects.has(subjectOf(r.diagnostics[c.rootCause]!)));
  return { modules: new Set(causes.flatMap((c) => [...c.brokenModules, ...c.mayBreakModules])), tests: new Set(causes.flatMap((c) => [...c.blockedTests, ...c.mayBlockTests])) };
}

/**
 * Why `after` is worse than `before`, or null. Worse is a new finding (by code and file), or a module or test file
 * that imported fine and now fails: a re-export that runs a broken module adds no finding (the old one masks it)
 * but breaks its package.
 */
export function worse(before: AnalysisResult, after: AnalysisResult, moves: Map<string, string>, subjects: Set<string> = new Set()): string | null {
  const b = new Map<string, number>();
  for (const [k, n] of before.findingCounts ?? []) {
    const [code, p] = k.split("\0") as [string, string];
    const key = `${code}\0${moves.get(p) ?? p}`;
    b.set(key, (b.get(key) ?? 0) + n);
  }
  for (const [k, n] of after.findingCounts ?? []) {
    if (n > (b.get(k) ?? 0)) {
      const [code, p] = k.split("\0");
      // A failure of the very module the fix is about, revealed where an earlier one masked it, is not new.
      const same = after.diagnostics.filter((x) => x.code === code && x.path === p && subjects.has(subjectOf(x))).length;
      if (n - same <= (b.get(k) ?? 0)) continue;
      const d = after.diagnostics.find((x) => x.code === code && x.path === p);
      return `it would add ${code} in ${p}${d ? `:${d.line}: ${d.message}` : ""}`;
    }
  }
  const [was, now] = [broken(before), broken(after, subjects)];
  const unshadowed = unshadowedModules(after, moves);
  const modulesBroken = [...now.modules].filter((m) => !was.modules.has(m) && !unshadowed.has(m)).sort();
  if (modulesBroken.length > 0) return `importing ${modulesBroken.slice(0, 3).join(", ")}${modulesBroken.length > 3 ? ` (and ${modulesBroken.length - 3} more)` : ""} would fail, which works now`;
  const testBroken = [...now.tests].find((t) => !was.tests.has(moves.get(t) ?? t) && ![...moves].some(([from, to]) => to === t && was.tests.has(from)));
  if (testBroken) return `pytest could not collect ${testBroken}, which it collects now`;
  return null;
}

export function pathsOf(f: Fix): string[] {
  return [...f.edits.map((e) => e.path), ...f.fileOps.flatMap((o) => [o.path, ...(o.to ? [o.to] : [])])];
}

/** The Python files a pass writes: as they are named before it (`after` false) or after it. */
export function pythonFilesOf(fixes: Fix[], after: boolean): string[] {
  const out = new Set<string>();
  for (const f of fixes) {
    for (const e of f.edits) out.add(e.path);
    for (const o of f.fileOps) {
      if (o.op === "create" && after) out.add(o.path);
      if (o.op === "move") out.add(after ? o.to! : o.path);
    }
  }
  const moved = new Map(fixes.flatMap((f) => f.fileOps.filter((o) => o.op === "move").map((o) => [o.path, o.to!] as const)));
  return [...out].map((p) => (after ? moved.get(p) ?? p : p)).filter((p) => p.endsWith(".py"));
}

/** CPython's own verdict on each file (by repo-relative path; files it could not judge are left out). */
export function compiles(root: string, rels: string[]): Map<string, SyntaxVerdict> {
  const verdicts = confirmSyntax(rels.map((r) => path.resolve(root, r)).filter((p) => existsSync(p)));
  return new Map([...verdicts].map(([abs, v]) => [relativePosix(root, abs), v]));
}

export function newSyntaxError(before: Map<string, SyntaxVerdict>, after: Map<string, SyntaxVerdict>, moves: Map<string, string>): string | null {
  const from = new Map([...moves].map(([a, b]) => [b, a]));
  for (const [p, v] of after) {
    if (v.ok || before.get(from.get(p) ?? p)?.ok === false) continue;
    return `it would make ${p} fail to compile: ${v.message} (line ${v.line})`;
  }
  return null;
}

export function movesOf(fixes: Fix[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of fixes) for (const o of f.fileOps) if (o.op === "move") m.set(o.path, o.to!);
  return m;
}

/**
 * Modules in a directory that a move turned into a package (`pkg/mod.py` to `pkg/mod/__init__.py`): the module file
 * shadowed them, so nothing could import them before; one that fails now (on another cause) worked no better before.
 */
function unshadowedModules(after: AnalysisResult, moves: Map<string, string>): Set<string> {
  const dirs = [...moves.values()].filter((to) => to.endsWith("/__init__.py")).map((to) => to.slice(0, -"__init__.py".length));
  const out = new Set<string>();
  if (dirs.length === 0) return out;
  for (const [rel, id] of after.identities) if (id && dirs.some((d) => rel.startsWith(d) && rel !== `${d}__init__.py`)) out.add(id.name);
  return out;
}

/** The module a diagnostic is about: `M.n` for a name imported from M (it may be a submodule), else M. */
export const subjectOf = (d: RawDiagnostic): string => (d.name ? `${d.module ?? ""}.${d.name}` : d.module ?? "");

/** How many diagnostics of each root cause an analysis has. */
export function causeCounts(r: AnalysisResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of r.diagnostics) out.set(causeKey(d), (out.get(causeKey(d)) ?? 0) + 1);
  return out;
}

/** Why a group's fix did not repair its cause: none of the cause's diagnostics went away. */
export function notRepaired(key: string, before: Map<string, number>, after: Map<string, number>): string | null {
  const [was, now] = [before.get(key) ?? 0, after.get(key) ?? 0];
  return was > 0 && now >= was ? `it does not repair the cause (${key.length > 120 ? `${key.slice(0, 117)}...` : key} remains)` : null;
}
