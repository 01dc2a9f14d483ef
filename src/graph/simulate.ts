// Simulates CPython's execution order of module-level imports from an entry module, to predict circular-import errors.
import type { ImportStatement } from "../parse/facts.js";
import type { ImportResult } from "../resolve/imports.js";
import type { ResolvedModule } from "../resolve/resolver.js";

/** What the simulation needs to know about one file. */
export interface SimFile {
  abs: string;
  /** Module-level imports (not in functions, not under TYPE_CHECKING), in execution order, with their results. */
  imports: ImportResult[];
  /** Module-level bindings other than imports: name and line. */
  bindings: { name: string; line: number }[];
  /** The module's names cannot be listed statically (dynamic namespace): never report against it. A module
   * `__getattr__` is a binding like any other: it answers only once its `def` has run. */
  dynamic: boolean;
  /** Names a star import of this module brings, or null when unknowable. */
  starNames: string[] | null;
  /** Literal `__all__`, once bound. */
  all: string[] | null;
  /** CPython cannot compile it: importing it raises SyntaxError before anything runs. */
  uncompilable: boolean;
}

export interface CircularFinding {
  /** The importing statement that fails. */
  file: string;
  stmt: ImportStatement;
  nameIndex: number;
  /** The partially initialized module and its file. */
  module: string;
  moduleFile: string | null;
  name: string;
  /** Modules being initialized when the error happens, outermost first. */
  stack: string[];
  /** true: M was still initializing; false: M had finished, but ran a star import of a module in the cycle too early. */
  partial: boolean;
  /** Before failing, the run passed an import of a module found nowhere (perhaps installed, perhaps not). */
  uncertain: boolean;
  /** A star import whose `__all__` names an attribute the module has not bound (AttributeError). */
  attribute: boolean;
}

interface ModState {
  name: string;
  file: string | null;
  initializing: boolean;
  bound: Set<string>;
  dynamic: boolean;
}

/** An exception propagating through the simulated imports; `circular` is set when it is a circular-import error. */
class Aborted extends Error {
  constructor(
    /** The statement whose own check failed; null when loading a module failed (a SyntaxError). */
    readonly origin: ImportStatement | null,
    readonly errorClass: "ModuleNotFoundError" | "ImportError" | "SyntaxError",
    readonly circular: CircularFinding | null = null,
  ) {
    super("import failed");
  }
}

/** How each executed import statement ended in one simulation. */
export type StatementOutcome = "ok" | "own-error" | "propagated";

export interface SimulationSource {
  file(abs: string): SimFile | null;
  /** A submodule of a package, if it exists. */
  child(parent: ResolvedModule, part: string): ResolvedModule | null;
  /** Whether a top-level module found nowhere is probably absent (not declared): then it raises, as it would. */
  probablyMissing(module: string): boolean;
  /** Whether an exception of this class raised by this statement is caught by its own try/except. */
  guarded(stmt: ImportStatement, errorClass: "ModuleNotFoundError" | "ImportError" | "SyntaxError"): boolean;
  /** Whether two files are on the same import cycle (IMP002 leaves star imports within a cycle to the simulation). */
  sameCycle(a: string, b: string): boolean;
}

/** Runs `import <entry>` (with parents) in a fresh sys.modules: whether an error reaches the entry, and the circular-import one if so. */
export interface SimulationResult {
  failed: boolean;
  circular: CircularFinding | null;
  outcomes: Map<ImportStatement, StatementOutcome>;
  /** For from-imports: whether the imported module was still initializing when the statement ran. */
  targetInitializing: Map<ImportStatement, Set<boolean>>;
  /** The statement whose own error reached the entry uncaught, if any. */
  topOrigin: ImportStatement | null;
}

export function simulate(entryChain: ResolvedModule[], src: SimulationSource): SimulationResult {
  const modules = new Map<string, ModState>();
  const outcomes = new Map<ImportStatement, StatementOutcome>();
  const targetInitializing = new Map<ImportStatement, Set<boolean>>();
  let uncertain = false;
  const stack: string[] = [];

  const ensure = (mod: ResolvedModule): ModState => {
    const existing = modules.get(mod.name);
    if (existing) return existing;
    const sim = mod.file ? src.file(mod.file) : null;
    const state: ModState = { name: mod.name, file: mod.file, initializing: true, bound: new Set(["__name__", "__file__", "__path__", "__spec__", "__loader__", "__package__", "__doc__", "__builtins__"]), dynamic: mod.kind === "namespace" ? false : !sim || sim.dynamic };
    modules.set(mod.name, state);
    if (sim?.uncompilable) {
      modules.delete(mod.name);
      throw new Aborted(null, "SyntaxError");
    }
    if (sim) {
      stack.push(mod.name);
      try {
        run(sim, state);
      } catch (e) {
        modules.delete(mod.name); // _load_unlocked drops a module whose body raised; a later import runs it again
        throw e;
      } finally {
        stack.pop();
      }
    }
    state.initializing = false;
    return state;
  };

  /** import a.b.c: each prefix in turn; a child becomes an attribute of its parent once it has run. */
  /**
   * `import a.b.c` as _find_and_load does it: a module already in sys.modules is used as is; otherwise its
   * *immediate* parent is imported first (recursively). So a parent left behind by a failed import (a.b) lets
   * a.b.c load without running a's __init__ again.
   */
  const importChain = (chain: ResolvedModule[]): ModState[] => {
    const states: (ModState | null)[] = chain.map(() => null);
    const load = (i: number): ModState => {
      const m = chain[i]!;
      const existing = modules.get(m.name);
      if (existing) return (states[i] = existing);
      if (i > 0 && !modules.has(chain[i - 1]!.name)) load(i - 1);
      const st = ensure(m);
      const parent = i > 0 ? modules.get(chain[i - 1]!.name) : undefined;
      if (parent) parent.bound.add(m.name.slice(m.name.lastIndexOf(".") + 1));
      return (states[i] = st);
    };
    load(chain.length - 1);
    return chain.map((m, i) => states[i] ?? modules.get(m.name) ?? ensure(m));
  };

  const run = (sim: SimFile, self: ModState): void => {
    type Event = { line: number; bind?: string; imp?: ImportResult };
    const events: Event[] = [
      ...sim.bindings.map((b) => ({ line: b.line, bind: b.name })),
      ...sim.imports.map((r) => ({ line: r.stmt.range.line, imp: r })),
    ];
    // Stable: a binding on the same line as an import (`x = 1; import y`) keeps source order only roughly; imports first.
    events.sort((a, b) => a.line - b.line || (a.imp ? 0 : 1) - (b.imp ? 0 : 1));
    for (const ev of events) {
      if (ev.bind) {
        self.bound.add(ev.bind);
        continue;
      }
      const r = ev.imp!;
      try {
        execImport(r, self);
        outcomes.set(r.stmt, "ok");
      } catch (e) {
        if (!(e instanceof Aborted)) throw e;
        // An error raised inside a module this statement imports reaches CPython before the statement's own checks.
        outcomes.set(r.stmt, e.origin === r.stmt ? "own-error" : "propagated");
        if (src.guarded(r.stmt, e.errorClass)) continue;
        throw e;
      }
    }
  };

  const execImport = (r: ImportResult, self: ModState): void => {
    const res = r.resolution;
    if (!res || res.kind !== "first-party") {
      // Third-party/stdlib modules run without touching first-party state. A top-level name found nowhere may
      // be installed (unknown); only first-party failures are certain.
      if (res && (res.kind === "missing" || res.kind === "not-a-package") && !r.stmt.future) {
        importChain(res.chain); // the parents run (and may fail) before the missing component is looked for
        throw new Aborted(r.stmt, "ModuleNotFoundError");
      }
      if (r.relative?.kind === "error") throw new Aborted(r.stmt, "ImportError");
      if (r.stmt.names.some((n) => n.name === "*")) self.dynamic = true; // names from outside first-party code
      if (res?.kind === "not-found-top") {
        uncertain = true; // whatever happens next depends on what is installed
        if (r.absolute && src.probablyMissing(r.absolute)) throw new Aborted(r.stmt, "ModuleNotFoundError");
      }
      bindImported(r, self);
      return;
    }
    const states = importChain(res.chain);
    const target = states[states.length - 1]!;
    const targetMod = res.chain[res.chain.length - 1]!;
    if (r.stmt.kind === "import") {
      bindImported(r, self);
      return;
    }
    (targetInitializing.get(r.stmt) ?? targetInitializing.set(r.stmt, new Set()).get(r.stmt)!).add(target.initializing);
    r.stmt.names.forEach((n, i) => {
      if (n.name === "*") {
        const sim = targetMod.file ? src.file(targetMod.file) : null;
        if (target.dynamic || (!sim && targetMod.kind !== "namespace")) {
          self.dynamic = true; // a star import of a compiled or dynamic module: our names are unknowable too
          return;
        }
        if (!sim) return;
        // `import *` copies what the module has bound so far: __all__ once assigned, else its public names.
        const names = target.bound.has("__all__") && sim.all ? sim.all : [...target.bound].filter((x) => !x.startsWith("_"));
        for (const name of names) {
          if (!target.bound.has(name) && !target.bound.has("__getattr__")) {
            const child = targetMod.kind === "package" ? src.child(targetMod, name) : null;
            if (!child) {
              // AttributeError: __all__ names an attribute that is missing now. IMP002 reports one that is always
              // missing, except within a cycle, where which name fails first depends on the order.
              const staticReport = r.starMissing?.name === name && !(self.file && targetMod.file && src.sameCycle(self.file, targetMod.file));
              const finding = staticReport ? null : { file: self.file ?? "", stmt: r.stmt, nameIndex: i, module: target.name, moduleFile: target.file, name, stack: [...stack], partial: target.initializing, uncertain, attribute: true };
              throw new Aborted(r.stmt, "ImportError", finding);
            }
            importChain([...res.chain, child]);
          }
          self.bound.add(name);
        }
        return;
      }
      if (target.bound.has(n.name) || target.dynamic || target.bound.has("__getattr__")) {
        self.bound.add(n.alias ?? n.name);
        return;
      }
      // _handle_fromlist: a package falls back to importing the submodule; sys.modules has it even mid-initialization.
      const child = targetMod.kind === "package" || targetMod.kind === "namespace" ? src.child(targetMod, n.name) : null;
      if (child) {
        importChain([...res.chain, child]);
        self.bound.add(n.alias ?? n.name);
        return;
      }
      // A name the module never binds is IMP002's; one it binds later (or via a star import that ran too early) is ours.
      if (target.initializing || r.names.find((x) => x.name === n)?.verdict.kind !== "missing") {
        throw new Aborted(r.stmt, "ImportError", { file: self.file ?? "", stmt: r.stmt, nameIndex: i, module: target.name, moduleFile: target.file, name: n.name, stack: [...stack], partial: target.initializing, uncertain, attribute: false });
      }
      throw new Aborted(r.stmt, "ImportError");
    });
  };

  const bindImported = (r: ImportResult, self: ModState): void => {
    if (r.stmt.kind === "import") self.bound.add(r.stmt.alias ?? r.stmt.module.split(".")[0]!);
    else for (const n of r.stmt.names) if (n.name !== "*") self.bound.add(n.alias ?? n.name);
  };

  try {
    importChain(entryChain);
  } catch (e) {
    if (!(e instanceof Aborted)) throw e;
    return { failed: true, circular: e.circular, outcomes, targetInitializing, topOrigin: e.origin }; // reached the entry uncaught
  }
  return { failed: false, circular: null, outcomes, targetInitializing, topOrigin: null };
}
