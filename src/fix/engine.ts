// Fix passes to a fixpoint in a staged copy: each root cause's fix group is applied, re-analysed and kept only when
// the cause is repaired and nothing gets worse (else its next candidate is tried); then the net change.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { analyze, type AnalysisResult, type AnalyzeOptions } from "../analyze.js";
import type { RawDiagnostic } from "../diagnostic.js";
import { applyPass, precheck, selectPass } from "./apply.js";
import { ChoiceError, fixGroups, type Choice, type FixGroup } from "./groups.js";
import { createStage } from "./stage.js";
import { fixKey, type Fix } from "./types.js";
import { causeCounts, compiles, movesOf, newSyntaxError, notRepaired, pathsOf, pythonFilesOf, subjectOf, worse } from "./verify.js";

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

/** What happened to one root cause: the repairs it was offered, the one applied, and why others were refused. */
export interface GroupOutcome {
  /** The cause (CPython's error, or the rule and place). */
  cause: string;
  /** The diagnostic that stands for it (its first), and how many it has. */
  diagnostic: RawDiagnostic;
  diagnostics: number;
  /** Every candidate, best first, numbered from 1 for `--choose`. */
  options: Fix[];
  applied: Fix | null;
  refused: { fix: Fix; reason: string }[];
  /** Whether the cause is gone from the fixed tree (by its own fix, or by another group's: one edge of a cycle). */
  repaired: boolean;
}

export interface FixRun {
  changes: Change[];
  /** Diagnostics of the original analysis that the fixed tree no longer has. */
  fixed: RawDiagnostic[];
  rejected: Rejected[];
  /** One entry per root cause that had a candidate, in the order they were first seen. */
  groups: GroupOutcome[];
  /** Fixes not applied because they are unsafe and unsafe fixes were not asked for. */
  unsafeSkipped: number;
  passes: number;
  /** Test files pytest cannot collect (for certain or possibly) before the fixes, and after them. */
  blocked: { before: string[]; after: string[] };
}

export interface FixOptions {
  unsafe: boolean;
  choices?: Choice[];
}

/** Test files pytest cannot collect, for certain or possibly (an undeclared module nothing says is missing). */
const blockedTests = (r: AnalysisResult): string[] => [...new Set(r.impact?.flatMap((c) => [...c.blockedTests, ...c.mayBlockTests]))].sort();

export async function runFixes(opts: Omit<AnalyzeOptions, "fixes">, fixOpts: FixOptions | boolean): Promise<FixRun> {
  const { unsafe, choices = [] } = typeof fixOpts === "boolean" ? { unsafe: fixOpts } : fixOpts;
  const root = opts.root;
  const stage = createStage(root);
  try {
    const run = (): Promise<AnalysisResult> => analyze({ ...opts, root: stage.dir, configRoot: realpathSync(root), cache: false, fixes: true, impact: true, graph: false, onProgress: undefined });
    let current = await run();
    const original = current;
    // Candidates already tried, by content and by the content of the files they edit: the same edit on a file that
    // has changed since (one line removed, another moved up into its place) is a new candidate.
    const seen = new Set<string>();
    const stateKey = (f: Fix): string => {
      const h = createHash("sha1").update(fixKey(f));
      for (const p of new Set(f.edits.map((e) => e.path))) {
        const abs = path.join(stage.dir, p);
        h.update(existsSync(abs) ? readFileSync(abs) : "\0");
      }
      return h.digest("hex");
    };
    const rejected: Rejected[] = [];
    const outcomes = new Map<string, GroupOutcome>();
    const outcome = (g: FixGroup): GroupOutcome => {
      let o = outcomes.get(g.key);
      if (!o) outcomes.set(g.key, (o = { cause: g.key, diagnostic: g.diagnostics[0]!, diagnostics: g.diagnostics.length, options: g.options, applied: null, refused: [], repaired: false }));
      return o;
    };
    // A candidate of a later pass is the same option as one first offered when it does the same (lines may have moved).
    const asOption = (g: FixGroup, fix: Fix): Fix => {
      const o = outcome(g);
      const same = o.options.find((x) => x === fix || (x.strategy === fix.strategy && x.description === fix.description));
      if (same) return same;
      o.options.push(fix);
      return fix;
    };
    const refuse = (g: FixGroup, fix: Fix, reason: string): void => {
      rejected.push({ fix, diagnostic: g.diagnostics[0]!, reason });
      outcome(g).refused.push({ fix: asOption(g, fix), reason });
    };
    // Where each path of the stage came from (moves compose across passes).
    const origin = new Map<string, string>();
    const touched = new Set<string>();
    let passes = 0;
    for (; passes < MAX_PASSES; passes++) {
      const groups = fixGroups(current.diagnostics, unsafe, choices);
      if (passes === 0) for (const c of choices) if (!groups.some((g) => g.chosen === c)) throw new ChoiceError(`--choose ${c.code}@${c.path}:${c.line}: no diagnostic there has a fix`);
      // Each group's candidates not tried yet on this state of the files, and applicable to it.
      const open: { g: FixGroup; fixes: Fix[] }[] = [];
      for (const g of groups) {
        outcome(g);
        const fixes: Fix[] = [];
        for (const f of g.candidates) {
          const key = stateKey(f);
          if (seen.has(key)) continue;
          const why = precheck(stage.dir, f);
          if (why) {
            seen.add(key);
            refuse(g, f, why);
          } else fixes.push(f);
        }
        if (fixes.length > 0) open.push({ g, fixes });
      }
      if (open.length === 0) break;
      const tryApply = async (fixes: Fix[], causes: string[], subjects: Set<string>): Promise<string | null> => {
        const compiledBefore = compiles(stage.dir, pythonFilesOf(fixes, false));
        const undo = applyPass(stage.dir, fixes);
        const next = await run();
        const [was, now] = [causeCounts(current), causeCounts(next)];
        const why = worse(current, next, movesOf(fixes), subjects) ?? newSyntaxError(compiledBefore, compiles(stage.dir, pythonFilesOf(fixes, true)), movesOf(fixes)) ?? causes.map((k) => notRepaired(k, was, now)).find((x) => x !== null) ?? null;
        if (why) {
          undo.run();
          return why;
        }
        current = next;
        for (const f of fixes) {
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
      // First the best candidate of every group whose changes fit together, as one pass. One circular import at a
      // time: deferring one import of a cycle usually repairs the failures of its other entry points too.
      const firstCycle = open.find((x) => x.g.diagnostics[0]!.code === "IMP007");
      const eligible = open.filter((x) => x.g.diagnostics[0]!.code !== "IMP007" || x === firstCycle);
      const firsts = selectPass(eligible.map((x) => x.fixes[0]!));
      const inPass = eligible.filter((x) => firsts.includes(x.fixes[0]!));
      const firstKeys = inPass.map((x) => stateKey(x.fixes[0]!));
      const subjectsOf = (gs: FixGroup[]): Set<string> => new Set(gs.flatMap((g) => g.diagnostics.map(subjectOf)));
      const passWhy = await tryApply(firsts, inPass.map((x) => x.g.key), subjectsOf(inPass.map((x) => x.g)));
      if (passWhy === null) {
        for (const k of firstKeys) seen.add(k);
        for (const { g, fixes } of inPass) outcome(g).applied = asOption(g, fixes[0]!);
      } else {
        // A pass of one group failed on that group's first candidate: that one is not tried again.
        if (inPass.length === 1) {
          seen.add(firstKeys[0]!);
          refuse(inPass[0]!.g, inPass[0]!.fixes[0]!, passWhy);
          inPass[0]!.fixes.shift();
        }
        // Something in the pass makes things worse: group by group, each candidate in turn until one holds. Once one
        // applies, the candidates of other groups on the files it changed are stale: the next pass computes them afresh.
        const changedFiles = new Set<string>();
        for (const { g, fixes } of inPass) {
          for (const f of fixes) {
            if (pathsOf(f).some((p) => changedFiles.has(p))) break;
            const key = stateKey(f);
            seen.add(key);
            const why = await tryApply([f], [g.key], subjectsOf([g]));
            if (why) {
              refuse(g, f, why);
              continue;
            }
            outcome(g).applied = asOption(g, f);
            for (const p of pathsOf(f)) changedFiles.add(p);
            break;
          }
        }
      }
    }
    // Every diagnostic of the original analysis that the final one no longer has (by rule, file as it was named
    // before any move, and what it imports): the fixes removed it, directly or by repairing what masked it.
    const back = new Map([...origin].map(([to, from]) => [to, from]));
    const idOf = (d: RawDiagnostic, p: string): string => `${d.code}\0${p}\0${d.module ?? ""}\0${d.name ?? ""}`;
    const left = new Map<string, number>();
    for (const d of current.diagnostics) {
      const k = idOf(d, back.get(d.path) ?? d.path);
      left.set(k, (left.get(k) ?? 0) + 1);
    }
    const fixed = original.diagnostics.filter((d) => {
      const k = idOf(d, d.path);
      const n = left.get(k) ?? 0;
      if (n > 0) left.set(k, n - 1);
      return n === 0;
    });
    // Counted as --fix would apply them: one move offered by six importers is one fix.
    const unsafeSkipped = unsafe ? 0 : fixGroups(current.diagnostics, false).filter((g) => g.candidates.length === 0 && g.unsafeSkipped > 0).length;
    const remaining = causeCounts(current);
    for (const o of outcomes.values()) o.repaired = !remaining.has(o.cause);
    return {
      changes: netChanges(root, stage.dir, touched, origin),
      fixed,
      rejected,
      groups: [...outcomes.values()],
      unsafeSkipped,
      passes,
      blocked: { before: blockedTests(original), after: blockedTests(current) },
    };
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
