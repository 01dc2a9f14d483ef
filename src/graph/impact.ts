// Test impact: which test files each root cause keeps pytest from collecting, and which modules it breaks.
import path from "node:path";
import type { FileAnalysis } from "../checks/types.js";
import type { PytestConfig } from "../config/pytest.js";
import type { RawDiagnostic } from "../diagnostic.js";
import type { ImportStatement } from "../parse/facts.js";
import type { Resolver, SearchPath } from "../resolve/resolver.js";
import { createSimulator, type SimulationResult, type SimulationSource, type Simulator } from "./simulate.js";
import { relativePosix } from "../discover/files.js";

export interface RootCause {
  /** Index into the diagnostics of the diagnostic that stands for the cause (the first error of its group). */
  rootCause: number;
  /** Every diagnostic with this cause (the same failing statement, or the same missing module or name). */
  diagnostics: number[];
  /** The error CPython raises for it. */
  runtimeError: string | null;
  /**
   * Whether CPython certainly raises it (its diagnostics include an error); a warning-level cause (a module that a
   * declared distribution may pull in, an import behind a condition) may not fail at all.
   */
  certain: boolean;
  /** Test files one pytest session fails to collect because of it, in collection order (certain causes only). */
  blockedTests: string[];
  /** First-party modules whose import fails because of it, each imported on its own (certain causes only). */
  brokenModules: string[];
  /** For a cause that is only possible: the test files it would keep pytest from collecting if it failed. */
  mayBlockTests: string[];
  /** For a cause that is only possible: the modules it would break if it failed. */
  mayBreakModules: string[];
  /** Where collecting each test file on its own (`pytest tests/test_x.py`) differs from the whole session. */
  notes: string[];
}

export interface ImpactInput {
  files: FileAnalysis[];
  diagnostics: RawDiagnostic[];
  resolver: Resolver;
  source: SimulationSource;
  /** The eager import graph over files (what a module runs when it is imported). */
  edges: Map<string, Set<string>>;
  pytest: PytestConfig;
  root: string;
}

/** Diagnostics that share a root cause share this key: the same CPython error, or the same shadowing module. */
export function causeKey(d: RawDiagnostic): string {
  if (d.code === "IMP000") return `IMP000 ${d.path}`;
  // "No module named 'pkg.mod.sub'; 'pkg.mod' is not a package": one cause for every submodule asked for.
  const shadow = /; '([^']+)' is not a package$/.exec(d.runtimeError ?? "");
  if (shadow) return `not-a-package ${shadow[1]}`;
  return d.runtimeError ?? `${d.code} ${d.path}:${d.line}`;
}

/** pytest walks directories with entries sorted by name, files and directories together. */
export function collectionOrder(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

type Outcome = { failed: false } | { failed: true; cause: string | null };

export function computeImpact(input: ImpactInput): RootCause[] {
  const { files, diagnostics, resolver, source, root } = input;
  const byAbs = new Map(files.map((f) => [f.ctx.abs, f]));
  const stmtFile = new Map<ImportStatement, FileAnalysis>();
  for (const f of files) for (const r of f.results) stmtFile.set(r.stmt, f);
  const rel = (abs: string): string => relativePosix(root, abs);

  // Diagnostics by the file and line CPython's traceback would show; a cause per key.
  const atLine = new Map<string, number[]>();
  diagnostics.forEach((d, i) => {
    if (!d.runtimeError) return;
    for (let line = d.statementLines[0]; line <= d.statementLines[1]; line++) {
      const k = `${d.path}:${line}`;
      (atLine.get(k) ?? atLine.set(k, []).get(k)!).push(i);
    }
  });
  const causeOf = (r: SimulationResult): string | null => {
    let where: string | null = null;
    if (r.circular?.use) where = `${rel(r.circular.file)}:${r.circular.use.range.line}`;
    else if (r.topOrigin) {
      const f = stmtFile.get(r.topOrigin);
      if (f) where = `${f.ctx.rel}:${r.topOrigin.range.line}`;
    } else if (r.topFile) {
      const i = diagnostics.findIndex((d) => d.code === "IMP000" && d.path === rel(r.topFile!));
      return i >= 0 ? causeKey(diagnostics[i]!) : null;
    }
    const found = where ? atLine.get(where) : undefined;
    if (!found) return null;
    // The same statement may carry several diagnostics (IMP004 and IMP005 for one missing module): one cause.
    return causeKey(diagnostics[found[0]!]!);
  };

  const chainOf = (f: FileAnalysis, search?: SearchPath) => {
    const id = f.ctx.identities[0];
    if (!id) return null;
    const r = resolver.resolve(id.name, search ?? f.ctx.search);
    if (r.kind !== "first-party" || r.chain[r.chain.length - 1]!.file !== f.ctx.abs) return null;
    return r.chain;
  };
  const importInto = (sim: Simulator, f: FileAnalysis): Outcome => {
    const chain = chainOf(f);
    if (!chain) return { failed: false };
    // _importconftest: a conftest.py outside any package is imported as `conftest`, after removing the previous one.
    if (f.ctx.kind === "conftest" && chain.length === 1) sim.forget(chain[0]!.name);
    const r = sim.run(chain);
    return r.failed ? { failed: true, cause: causeOf(r) } : { failed: false };
  };

  // What pytest collects, in its order, and the conftest.py files it loads on the way.
  const tests = files.filter((f) => f.ctx.kind === "test" && !f.ctx.unreachable).sort((a, b) => collectionOrder(a.ctx.rel, b.ctx.rel));
  const conftests = new Map(files.filter((f) => f.ctx.kind === "conftest").map((f) => [path.posix.dirname(f.ctx.rel), f]));
  const ancestorsOf = (relFile: string): string[] => {
    const out = ["."];
    const segs = relFile.split("/").slice(0, -1);
    for (let i = 1; i <= segs.length; i++) out.push(segs.slice(0, i).join("/"));
    return out;
  };
  // Conftests pytest loads before collecting anything: those of its arguments (testpaths, else the rootdir), their
  // ancestors, and their `test*` subdirectories (_try_load_conftest). A failure there ends the session.
  const args = input.pytest.testpaths.length > 0 ? input.pytest.testpaths.map((t) => t.replace(/^\.\//, "").replace(/\/$/, "") || ".") : ["."];
  const initial: string[] = [];
  for (const a of args) {
    for (const dir of ancestorsOf(a === "." ? "x" : `${a}/x`)) if (conftests.has(dir) && !initial.includes(dir)) initial.push(dir);
    for (const dir of [...conftests.keys()].sort(collectionOrder)) {
      if (dir !== "." && path.posix.dirname(dir) === a && path.posix.basename(dir).startsWith("test") && !initial.includes(dir)) initial.push(dir);
    }
  }

  /** One pytest run over `targets`: each test's outcome, conftest failures blocking whole directories. */
  const session = (targets: FileAnalysis[], sim: Simulator, loaded: Map<string, Outcome>): Map<string, Outcome> => {
    const out = new Map<string, Outcome>();
    const load = (dir: string): Outcome => {
      let o = loaded.get(dir);
      if (!o) {
        o = importInto(sim, conftests.get(dir)!);
        loaded.set(dir, o);
      }
      return o;
    };
    for (const dir of initial) {
      const o = load(dir);
      if (o.failed) {
        for (const t of targets) out.set(t.ctx.rel, o); // "ImportError while loading conftest": nothing is collected
        return out;
      }
    }
    for (const t of targets) {
      let blocked: Outcome | null = null;
      for (const dir of ancestorsOf(t.ctx.rel)) {
        if (!conftests.has(dir)) continue;
        const o = load(dir);
        if (o.failed) {
          blocked = o; // the directory's collector errors: none of its tests are collected
          break;
        }
      }
      out.set(t.ctx.rel, blocked ?? importInto(sim, t));
    }
    return out;
  };

  /** Every test's outcome in one session and on its own, and the modules each cause breaks, with `src`'s failures. */
  const outcomesWith = (src: SimulationSource) => {
    const whole = session(tests, createSimulator(src), new Map());
    const alone = new Map<string, Outcome>();
    for (const t of tests) alone.set(t.ctx.rel, session([t], createSimulator(src), new Map()).get(t.ctx.rel)!);
    const broken = new Map<string, string[]>();
    for (const abs of [...reaching].sort()) {
      const f = byAbs.get(abs);
      if (!f || f.ctx.kind !== "module" || f.ctx.unreachable) continue;
      const o = importInto(createSimulator(src), f);
      if (o.failed && o.cause) (broken.get(o.cause) ?? broken.set(o.cause, []).get(o.cause)!).push(f.ctx.identities[0]!.name);
    }
    return { whole, alone, broken };
  };

  // Modules each cause breaks: every module that can reach a file with a failing statement, imported on its own.
  const failingFiles = new Set(diagnostics.filter((d) => d.runtimeError).map((d) => path.resolve(root, d.path)));
  const importers = new Map<string, Set<string>>();
  const addImporter = (target: string, from: string): void => {
    if (target !== from) (importers.get(target) ?? importers.set(target, new Set()).get(target)!).add(from);
  };
  for (const [from, targets] of input.edges) for (const t of targets) addImporter(t, from);
  // Importing a submodule runs its parent packages first: a failing __init__.py breaks every module below it.
  for (const f of files) {
    if (f.ctx.kind !== "module") continue;
    for (const m of chainOf(f)?.slice(0, -1) ?? []) if (m.file) addImporter(m.file, f.ctx.abs);
  }
  const reaching = new Set<string>();
  const queue = [...failingFiles];
  while (queue.length > 0) {
    const abs = queue.pop()!;
    if (reaching.has(abs)) continue;
    reaching.add(abs);
    for (const i of importers.get(abs) ?? []) queue.push(i);
  }
  // Twice: with every failure the analysis predicts (what may happen), and with only the certain ones (what will):
  // a test that a possible failure stops first may still be blocked for certain by the next one.
  const maybe = outcomesWith(source);
  const sure = outcomesWith({ ...source, optimistic: true });

  const sureBroken = new Set([...sure.broken.values()].flat());
  // Group diagnostics by cause; the representative is the first error (else the first diagnostic). Diagnostics
  // without a runtime error (a deprecation) join the cause of their statement.
  const groups = new Map<string, number[]>();
  const statementCause = new Map<string, string>();
  diagnostics.forEach((d, i) => {
    if (!d.runtimeError) return;
    const k = causeKey(d);
    statementCause.set(`${d.path}:${d.statementLines[0]}`, k);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  });
  diagnostics.forEach((d, i) => {
    const k = d.runtimeError ? null : statementCause.get(`${d.path}:${d.statementLines[0]}`);
    if (k) groups.get(k)!.push(i);
  });
  for (const members of groups.values()) members.sort((a, b) => a - b);
  const causes: RootCause[] = [];
  for (const [k, members] of groups) {
    const rep = members.find((i) => diagnostics[i]!.severity === "error") ?? members[0]!;
    const blockedBy = (m: Map<string, Outcome>): string[] => tests.map((t) => t.ctx.rel).filter((t) => {
      const o = m.get(t);
      return o?.failed === true && o.cause === k;
    });
    // Only a certain failure blocks anything: a possible one lists what it would block, apart (unless something
    // certain blocks the test anyway).
    const certain = diagnostics[rep]!.severity === "error";
    const { whole, alone, broken } = certain ? sure : maybe;
    const blockedTests = certain ? blockedBy(whole) : blockedBy(whole).filter((t) => !sure.whole.get(t)?.failed);
    const perFile = certain ? blockedBy(alone) : blockedBy(alone).filter((t) => !sure.alone.get(t)?.failed);
    const notes: string[] = [];
    for (const t of perFile) if (!blockedTests.includes(t)) notes.push(`${t} fails to collect on its own, but not in the whole session (${describe(whole.get(t)!)})`);
    for (const t of blockedTests) if (!perFile.includes(t)) notes.push(`${t} fails to collect in the whole session only, because of modules an earlier test left in sys.modules`);
    const runtimeError = members.map((i) => diagnostics[i]!.runtimeError).find((e) => e !== null) ?? null;
    const brokenModules = (broken.get(k) ?? []).filter((m) => certain || !sureBroken.has(m)).sort();
    causes.push(
      certain
        ? { rootCause: rep, diagnostics: members, runtimeError, certain, blockedTests, brokenModules, mayBlockTests: [], mayBreakModules: [], notes }
        : { rootCause: rep, diagnostics: members, runtimeError, certain, blockedTests: [], brokenModules: [], mayBlockTests: blockedTests, mayBreakModules: brokenModules, notes },
    );
  }
  return causes.sort((a, b) => Number(b.certain) - Number(a.certain) || b.blockedTests.length - a.blockedTests.length || b.brokenModules.length - a.brokenModules.length || b.mayBlockTests.length - a.mayBlockTests.length || a.rootCause - b.rootCause);
}

function describe(o: Outcome): string {
  if (!o.failed) return "it is collected";
  return o.cause ? `it fails for another reason first: ${o.cause}` : "it fails for a reason import-doctor does not report";
}
