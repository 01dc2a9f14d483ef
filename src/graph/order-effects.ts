// Execution-order effects on findings: a module that fails on import masks its importers' own findings, and
// what depends on installation, cycle entry order or leftovers in sys.modules becomes a warning.
import { catches } from "../parse/conditions.js";
import type { FileAnalysis } from "../checks/types.js";
import type { RawDiagnostic } from "../diagnostic.js";
import type { ImportStatement } from "../parse/facts.js";
import type { ImportResult } from "../resolve/imports.js";
import type { CircularResult } from "./circular.js";

/** A gated finding, with the first-party files its import runs through before it fails. */
export interface RawFinding {
  d: RawDiagnostic;
  file: string;
  via: string[];
  stmt: ImportStatement | null;
}

export interface OrderContext {
  files: FileAnalysis[];
  byAbs: Map<string, FileAnalysis>;
  circular: CircularResult;
  handlerReachable: (f: FileAnalysis) => (tryId: number) => boolean;
}

/**
 * Adjusts severities in place and returns the findings CPython can actually reach. `failed` (when given) receives
 * every file that fails on import, or may (the uncertain ones).
 */
export function applyOrderEffects(raw: RawFinding[], ctx: OrderContext, failed?: Set<string>): RawFinding[] {
  const { files, byAbs, circular, handlerReachable } = ctx;
  const inSameCycle = (a: string, b: string): boolean => circular.cycleOf.get(a) !== undefined && circular.cycleOf.get(a) === circular.cycleOf.get(b);
  // A module whose own import fails raises that error in every importer first: the importer's finding is masked.
  // So does every module that imports a failing one unconditionally at module level (to a fixpoint), except
  // within one import cycle, where the order decides and the simulation has judged it.
  type FailClass = "ModuleNotFoundError" | "ImportError" | "AttributeError" | "SyntaxError" | "KeyError" | "TypeError";
  /** Whether the statement runs whenever the module runs, and lets an error of this class through. */
  const runsUncaught = (f: FileAnalysis, stmt: ImportStatement, cls: FailClass): boolean => {
    const c = stmt.context;
    if (c.inHandlerOf !== null && !handlerReachable(f)(c.inHandlerOf)) return false;
    if (c.guards.some((g) => catches(g.catches, cls))) return false;
    return c.scope !== "function" && c.typeChecking === null && !c.mainGuard && !c.conditional && c.conditions.length === 0;
  };
  // The files each import runs, in order (its chain, then the submodules it imports by name).
  const runsOf = new Map<ImportResult, (string | null)[]>();
  const runs = (r: ImportResult): (string | null)[] => {
    let list = runsOf.get(r);
    if (!list) {
      list = r.resolution && "chain" in r.resolution ? [...r.resolution.chain.map((m) => m.file), ...r.submoduleFiles] : [];
      runsOf.set(r, list);
    }
    return list;
  };
  const propagate = (seed: Map<string, FailClass>): Map<string, FailClass> => {
    const out = new Map(seed);
    if (out.size === 0) return out; // nothing fails: nothing to propagate
    for (let changed = true; changed; ) {
      changed = false;
      for (const f of files) {
        if (out.has(f.ctx.abs) || f.ctx.kind !== "module") continue;
        const cycle = circular.cycleOf.get(f.ctx.abs);
        for (const r of f.results) {
          // A chain that ends in a missing module (or a module that is not a package) still runs its prefix first.
          if (!r.resolution || !("chain" in r.resolution)) continue;
          const hit = runs(r).find((file) => file !== null && file !== f.ctx.abs && out.has(file) && (cycle === undefined || circular.cycleOf.get(file) !== cycle));
          const cls = hit ? out.get(hit)! : null;
          if (cls && runsUncaught(f, r.stmt, cls)) {
            out.set(f.ctx.abs, cls);
            changed = true;
            break;
          }
        }
      }
    }
    return out;
  };
  const classOf = (x: RawFinding): FailClass => (x.d.code === "IMP000" ? "SyntaxError" : x.d.runtimeError?.startsWith("ModuleNotFoundError") ? "ModuleNotFoundError" : x.d.runtimeError?.startsWith("AttributeError") ? "AttributeError" : x.d.runtimeError?.startsWith("TypeError") ? "TypeError" : "ImportError");
  const seedOf = (list: RawFinding[]): Map<string, FailClass> => {
    const m = new Map<string, FailClass>();
    for (const x of list) if (!m.has(x.file)) m.set(x.file, classOf(x));
    return m;
  };
  // Modules that fail only if something is not installed (warning-level failures that always run) make the
  // findings behind them uncertain too.
  const maybeSeed = seedOf(raw.filter((x) => x.d.severity === "warning" && x.d.runtimeError && x.stmt && runsUncaught(byAbs.get(x.file)!, x.stmt, classOf(x))));
  for (const abs of leftoverNamespaceRetries(files, byAbs, firstFailureLines(raw), runsUncaught)) if (!maybeSeed.has(abs)) maybeSeed.set(abs, "KeyError");
  const maybeFailing = propagate(maybeSeed);
  for (const x of raw) {
    if (x.d.severity === "error" && x.via.some((v) => maybeFailing.has(v) && !inSameCycle(x.file, v))) x.d.severity = "warning";
  }
  const failingFrom = (list: RawFinding[]): Map<string, FailClass> => {
    const seed = seedOf(list.filter((x) => x.d.severity === "error" && x.d.runtimeError && x.d.code !== "IMP007"));
    for (const abs of circular.failsWhenImportedFirst) if (!seed.has(abs)) seed.set(abs, "ImportError");
    return propagate(seed);
  };
  let failing = failingFrom(raw);
  // Unless an earlier guarded import already ran (and failed) that module: what it left in sys.modules decides
  // whether the later import reaches its own error, so that finding becomes a warning.
  const triedEarlier = (x: RawFinding, v: string): boolean =>
    byAbs.get(x.file)!.results.some((r) => r.stmt.range.line < x.d.line && r.stmt.context.guards.length > 0 && r.resolution?.kind !== undefined && "chain" in r.resolution && r.resolution.chain.some((m) => m.file === v));
  const blockedBy = (x: RawFinding): string[] => x.via.filter((v) => failing.has(v) && !inSameCycle(x.file, v));
  // A module on an import cycle may fail only when the cycle is entered through it: an earlier statement that
  // entered the cycle elsewhere may have loaded it already, so what happens then is uncertain.
  const enteredCycleEarlier = (x: RawFinding, v: string): boolean =>
    circular.cycleOf.has(v) &&
    byAbs.get(x.file)!.results.some((r) => r.stmt.range.line < x.d.line && r.resolution?.kind !== undefined && "chain" in r.resolution && r.resolution.chain.some((m) => m.file !== null && inSameCycle(m.file, v)));
  // A package that fails after importing some of its submodules leaves them in sys.modules: a later import of a
  // chain through them skips the package's __init__, so if anything retries the import, its outcome changes.
  const firstFailureLine = firstFailureLines(raw); // after the downgrades above
  const leftBehind = (x: RawFinding, v: string): boolean => {
    const f = byAbs.get(v);
    const stop = firstFailureLine.get(v) ?? Infinity;
    if (!f) return false;
    return f.results.some((r) => r.stmt.range.line <= stop && r.resolution?.kind !== undefined && "chain" in r.resolution && r.resolution.chain.some((m) => m.file !== null && m.file !== v && x.via.includes(m.file)));
  };
  const uncertainBlock = (x: RawFinding, v: string): boolean => triedEarlier(x, v) || enteredCycleEarlier(x, v) || leftBehind(x, v);
  const masked = (x: RawFinding): boolean =>
    (x.stmt !== null && x.d.code !== "IMP007" && circular.cycleOf.has(x.file) && circular.alwaysPropagating.has(x.stmt)) || blockedBy(x).some((v) => !uncertainBlock(x, v));
  // A finding masked by an earlier failure does not make its own module fail: recompute until nothing changes.
  for (let round = 0; round < 5; round++) {
    const next = failingFrom(raw.filter((x) => !masked(x)));
    const same = next.size === failing.size && [...next].every(([k, v]) => failing.get(k) === v);
    failing = next;
    if (same) break;
  }
  for (const x of raw) if (blockedBy(x).length > 0 && x.d.severity === "error") x.d.severity = "warning";
  // On a cycle, an error the simulation only ever saw caught by a guard further up never surfaces in that order;
  // entered directly, the module fails earlier. It is a latent bug, not a failure: a warning.
  for (const x of raw) {
    if (x.stmt && x.d.severity === "error" && x.d.code !== "IMP007" && circular.cycleOf.has(x.file) && circular.ownErrorAlwaysCaught.has(x.stmt)) x.d.severity = "warning";
  }
  // In a file CPython cannot compile, nothing runs: its import findings surface once the syntax error is fixed.
  const uncompilable = new Set(raw.filter((x) => x.d.code === "IMP000" && x.d.severity === "error").map((x) => x.file));
  for (const x of raw) if (x.d.code !== "IMP000" && uncompilable.has(x.file) && x.d.severity === "error") x.d.severity = "warning";
  // A statement of an import cycle that no simulated order reaches (an earlier one always fails first) may meet
  // the cycle's modules half-initialized if it is ever reached: its own finding is uncertain.
  for (const x of raw) {
    if (!x.stmt || x.d.severity !== "error" || x.d.code === "IMP007" || circular.executed.has(x.stmt) || !circular.cycleOf.has(x.file)) continue;
    if (x.via.some((v) => inSameCycle(x.file, v))) x.d.severity = "warning";
  }
  for (const abs of [...maybeFailing.keys(), ...failing.keys()]) failed?.add(abs);
  return raw.filter((x) => !masked(x));
}

/** The line of each file's first error-level failing statement. */
function firstFailureLines(raw: RawFinding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of raw) if (x.d.severity === "error" && x.d.runtimeError && x.stmt) out.set(x.file, Math.min(out.get(x.file) ?? Infinity, x.stmt.range.line));
  return out;
}

/**
 * Files that may raise KeyError from importlib: a package P fails after its __init__ imported a namespace
 * subpackage N (left in sys.modules), and after a guarded import of P the file imports a module inside N. Finding
 * it, importlib recalculates N's path from `sys.modules[P]`, which is gone: `KeyError: 'P'`, which
 * `except ImportError` does not catch.
 */
function leftoverNamespaceRetries(
  files: FileAnalysis[],
  byAbs: Map<string, FileAnalysis>,
  failingAt: Map<string, number>,
  runsUncaught: (f: FileAnalysis, stmt: ImportStatement, cls: "KeyError") => boolean,
): Set<string> {
  /** Namespace packages P's __init__ imports before it fails. */
  const leftover = (p: string): Set<string> => {
    const out = new Set<string>();
    const stop = failingAt.get(p) ?? Infinity;
    for (const r of byAbs.get(p)?.results ?? []) {
      // A chain that ends in a missing module still imported its existing prefix.
      if (r.stmt.range.line > stop || !r.resolution || !("chain" in r.resolution)) continue;
      for (const m of r.resolution.chain) if (m.kind === "namespace") out.add(m.name);
    }
    return out;
  };
  const out = new Set<string>();
  for (const f of files) {
    const mods = f.results.filter((r) => r.stmt.context.scope !== "function" && r.stmt.context.typeChecking === null && r.resolution?.kind === "first-party");
    mods.forEach((b, j) => {
      if (b.resolution?.kind !== "first-party" || !runsUncaught(f, b.stmt, "KeyError")) return;
      const chain = b.resolution.chain;
      for (let k = 0; k + 2 < chain.length; k++) {
        const p = chain[k]!;
        const n = chain[k + 1]!;
        if (p.kind !== "package" || !p.file || !failingAt.has(p.file) || n.kind !== "namespace" || !leftover(p.file).has(n.name)) continue;
        // An earlier guarded import ran P (and survived its failure).
        const retried = mods.slice(0, j).some((a) => a.stmt.context.guards.length > 0 && a.resolution?.kind === "first-party" && a.resolution.chain.some((m) => m.file === p.file));
        if (retried) out.add(f.ctx.abs);
      }
    });
  }
  return out;
}
