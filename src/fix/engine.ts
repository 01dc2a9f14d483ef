// Fix passes to a fixpoint in a staged copy: apply, re-analyse, roll back what makes things worse; then the net change.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { analyze, type AnalysisResult, type AnalyzeOptions } from "../analyze.js";
import type { RawDiagnostic } from "../diagnostic.js";
import { confirmSyntax, type SyntaxVerdict } from "../parse/confirm-syntax.js";
import { applyPass, precheck, selectPass } from "./apply.js";
import { createStage } from "./stage.js";
import { applicable, fixKey, type Fix } from "./types.js";

/** Passes repeat while fixes apply; this bounds a fixer that keeps proposing new work. */
const MAX_PASSES = 10;

export interface Change {
  kind: "modify" | "create" | "delete" | "rename";
  /** Repo-relative path before (null for a creation) and after (null for a deletion). */
  from: string | null;
  to: string | null;
  before: Buffer | null;
  after: Buffer | null;
  /** Mode of the original file (for git headers). */
  mode: number;
}

export interface Rejected {
  fix: Fix;
  diagnostic: RawDiagnostic;
  reason: string;
}

export interface FixRun {
  changes: Change[];
  /** Diagnostics of the original analysis that an applied fix repaired (their fix was applied). */
  fixed: RawDiagnostic[];
  rejected: Rejected[];
  /** Fixes not applied because they are unsafe and unsafe fixes were not asked for. */
  unsafeSkipped: number;
  passes: number;
}

/** Modules whose import fails and test files pytest cannot collect, by the impact analysis. */
function broken(r: AnalysisResult): { modules: Set<string>; tests: Set<string> } {
  // A possible failure counts too: a fix must not make a module or test depend on one it did not depend on.
  return { modules: new Set(r.impact?.flatMap((c) => [...c.brokenModules, ...c.mayBreakModules])), tests: new Set(r.impact?.flatMap((c) => [...c.blockedTests, ...c.mayBlockTests])) };
}

/**
 * Why `after` is worse than `before`, or null. Worse is a new finding (by code and file), or a module or test file
 * that imported fine and now fails: a re-export that runs a broken module adds no finding (the old one masks it)
 * but breaks its package.
 */
function worse(before: AnalysisResult, after: AnalysisResult, moves: Map<string, string>): string | null {
  const b = new Map<string, number>();
  for (const [k, n] of before.findingCounts ?? []) {
    const [code, p] = k.split("\0") as [string, string];
    const key = `${code}\0${moves.get(p) ?? p}`;
    b.set(key, (b.get(key) ?? 0) + n);
  }
  for (const [k, n] of after.findingCounts ?? []) {
    if (n > (b.get(k) ?? 0)) {
      const [code, p] = k.split("\0");
      const d = after.diagnostics.find((x) => x.code === code && x.path === p);
      return `it would add ${code} in ${p}${d ? `:${d.line}: ${d.message}` : ""}`;
    }
  }
  const [was, now] = [broken(before), broken(after)];
  const modulesBroken = [...now.modules].filter((m) => !was.modules.has(m)).sort();
  if (modulesBroken.length > 0) return `importing ${modulesBroken.slice(0, 3).join(", ")}${modulesBroken.length > 3 ? ` (and ${modulesBroken.length - 3} more)` : ""} would fail, which works now`;
  const testBroken = [...now.tests].find((t) => !was.tests.has(moves.get(t) ?? t) && ![...moves].some(([from, to]) => to === t && was.tests.has(from)));
  if (testBroken) return `pytest could not collect ${testBroken}, which it collects now`;
  return null;
}

function pathsOf(f: Fix): string[] {
  return [...f.edits.map((e) => e.path), ...f.fileOps.flatMap((o) => [o.path, ...(o.to ? [o.to] : [])])];
}

/** The Python files a pass writes: as they are named before it (`after` false) or after it. */
function pythonFilesOf(fixes: Fix[], after: boolean): string[] {
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
function compiles(root: string, rels: string[]): Map<string, SyntaxVerdict> {
  const verdicts = confirmSyntax(rels.map((r) => path.join(root, r)).filter((p) => existsSync(p)));
  return new Map([...verdicts].map(([abs, v]) => [path.relative(root, abs).split(path.sep).join("/"), v]));
}

function newSyntaxError(before: Map<string, SyntaxVerdict>, after: Map<string, SyntaxVerdict>, moves: Map<string, string>): string | null {
  const from = new Map([...moves].map(([a, b]) => [b, a]));
  for (const [p, v] of after) {
    if (v.ok || before.get(from.get(p) ?? p)?.ok === false) continue;
    return `it would make ${p} fail to compile: ${v.message} (line ${v.line})`;
  }
  return null;
}

function movesOf(fixes: Fix[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of fixes) for (const o of f.fileOps) if (o.op === "move") m.set(o.path, o.to!);
  return m;
}

export async function runFixes(opts: Omit<AnalyzeOptions, "fixes">, unsafe: boolean): Promise<FixRun> {
  const root = opts.root;
  const stage = createStage(root);
  try {
    const run = (): Promise<AnalysisResult> => analyze({ ...opts, root: stage.dir, configRoot: realpathSync(root), cache: false, fixes: true, impact: true, graph: false, onProgress: undefined });
    let current = await run();
    const original = current;
    // Fixes already tried, by content and by the content of the files they edit: the same edit on a file that has
    // changed since (one line removed, another moved up into its place) is a new fix.
    const seen = new Set<string>();
    const stateKey = (f: Fix): string => {
      const h = createHash("sha1").update(fixKey(f));
      for (const p of new Set(f.edits.map((e) => e.path))) {
        const abs = path.join(stage.dir, p);
        h.update(existsSync(abs) ? readFileSync(abs) : "\0");
      }
      return h.digest("hex");
    };
    const appliedKeys = new Set<string>();
    const rejected: Rejected[] = [];
    // Where each path of the stage came from (moves compose across passes).
    const origin = new Map<string, string>();
    const touched = new Set<string>();
    let passes = 0;
    for (; passes < MAX_PASSES; passes++) {
      const offered = new Map<string, { fix: Fix; d: RawDiagnostic }>();
      for (const d of current.diagnostics) {
        if (!d.fix || !applicable(d.fix.safety, unsafe)) continue;
        const key = stateKey(d.fix);
        if (!seen.has(key) && !offered.has(key)) offered.set(key, { fix: d.fix, d });
      }
      const ready = [...offered.values()].filter(({ fix, d }) => {
        const why = precheck(stage.dir, fix);
        if (why) {
          rejected.push({ fix, diagnostic: d, reason: why });
          seen.add(stateKey(fix));
        }
        return why === null;
      });
      if (ready.length === 0) break;
      const chosen = selectPass(ready.map((x) => x.fix));
      const tryApply = async (fixes: Fix[]): Promise<string | null> => {
        const compiledBefore = compiles(stage.dir, pythonFilesOf(fixes, false));
        const undo = applyPass(stage.dir, fixes);
        const next = await run();
        const why = worse(current, next, movesOf(fixes)) ?? newSyntaxError(compiledBefore, compiles(stage.dir, pythonFilesOf(fixes, true)), movesOf(fixes));
        if (why) {
          undo.run();
          return why;
        }
        current = next;
        for (const f of fixes) {
          appliedKeys.add(fixKey(f));
          for (const e of f.edits) touched.add(e.path);
          for (const o of f.fileOps) {
            touched.add(o.path);
            if (o.op === "move") {
              touched.add(o.to!);
              origin.set(o.to!, origin.get(o.path) ?? o.path);
              origin.delete(o.path);
            }
          }
        }
        return null;
      };
      const keys = new Map(chosen.map((f) => [f, stateKey(f)]));
      if ((await tryApply(chosen)) === null) {
        for (const f of chosen) seen.add(keys.get(f)!);
      } else {
        // Something in the pass makes things worse: find which, one fix at a time. Once one applies, the others
        // on the files it changed are stale: the next pass computes them afresh.
        const changedFiles = new Set<string>();
        for (const f of chosen) {
          if (pathsOf(f).some((p) => changedFiles.has(p))) continue;
          seen.add(keys.get(f)!);
          const why = await tryApply([f]);
          if (why) rejected.push({ fix: f, diagnostic: ready.find((x) => x.fix === f)!.d, reason: why });
          else for (const p of pathsOf(f)) changedFiles.add(p);
        }
      }
    }
    const fixed = original.diagnostics.filter((d) => d.fix && appliedKeys.has(fixKey(d.fix)));
    // Counted as --fix would apply them: one move offered by six importers is one fix.
    const unsafeSkipped = unsafe ? 0 : new Set(current.diagnostics.filter((d) => d.fix?.safety === "unsafe").map((d) => fixKey(d.fix!))).size;
    return { changes: netChanges(root, stage.dir, touched, origin), fixed, rejected, unsafeSkipped, passes };
  } finally {
    stage.dispose();
  }
}

function read(p: string): Buffer | null {
  return existsSync(p) ? readFileSync(p) : null;
}

/** What the real tree needs to become the stage, for the paths fixes touched. */
function netChanges(root: string, stageDir: string, touched: Set<string>, origin: Map<string, string>): Change[] {
  const changes: Change[] = [];
  const sources = new Set(origin.values());
  const mode = (p: string): number => {
    try {
      return statSync(path.join(root, p)).mode;
    } catch {
      return 0o100644;
    }
  };
  for (const p of [...touched].sort()) {
    const now = read(path.join(stageDir, p));
    const was = read(path.join(root, p));
    const from = origin.get(p);
    if (from !== undefined && now) {
      changes.push({ kind: "rename", from, to: p, before: read(path.join(root, from)), after: now, mode: mode(from) });
      continue;
    }
    if (now && was) {
      if (!now.equals(was)) changes.push({ kind: "modify", from: p, to: p, before: was, after: now, mode: mode(p) });
    } else if (now && !was) changes.push({ kind: "create", from: null, to: p, before: null, after: now, mode: 0o100644 });
    else if (!now && was && !sources.has(p)) changes.push({ kind: "delete", from: p, to: null, before: was, after: null, mode: mode(p) });
  }
  return changes;
}
