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
  constructor(readonly circular: CircularFinding | null = null) {
    super("import failed");
  }
}

export interface SimulationSource {
  file(abs: string): SimFile | null;
  /** A submodule of a package, if it exists. */
  child(parent: ResolvedModule, part: string): ResolvedModule | null;
  /** Whether an exception raised by this statement is caught by its own try/except (ImportError family). */
  guarded(stmt: ImportStatement): boolean;
}

/** Runs `import <entry>` (with parents) in a fresh sys.modules: whether an error reaches the entry, and the circular-import one if so. */
export function simulate(entryChain: ResolvedModule[], src: SimulationSource): { failed: boolean; circular: CircularFinding | null } {
  const modules = new Map<string, ModState>();
  const stack: string[] = [];

  const ensure = (mod: ResolvedModule): ModState => {
    const existing = modules.get(mod.name);
    if (existing) return existing;
    const sim = mod.file ? src.file(mod.file) : null;
    const state: ModState = { name: mod.name, file: mod.file, initializing: true, bound: new Set(["__name__", "__file__", "__path__", "__spec__", "__loader__", "__package__", "__doc__", "__builtins__"]), dynamic: !sim || sim.dynamic };
    modules.set(mod.name, state);
    if (sim) {
      stack.push(mod.name);
      run(sim, state);
      stack.pop();
    }
    state.initializing = false;
    return state;
  };

  /** import a.b.c: each prefix in turn; a child becomes an attribute of its parent once it has run. */
  const importChain = (chain: ResolvedModule[]): ModState[] => {
    const states: ModState[] = [];
    chain.forEach((m, i) => {
      const st = ensure(m);
      if (i > 0) states[i - 1]!.bound.add(m.name.slice(m.name.lastIndexOf(".") + 1));
      states.push(st);
    });
    return states;
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
      } catch (e) {
        if (!(e instanceof Aborted)) throw e;
        if (src.guarded(r.stmt)) continue;
        throw e;
      }
    }
  };

  const execImport = (r: ImportResult, self: ModState): void => {
    const res = r.resolution;
    if (!res || res.kind !== "first-party") {
      // Third-party/stdlib modules run without touching first-party state. A top-level name found nowhere may
      // be installed (unknown); only first-party failures are certain.
      if (res && (res.kind === "missing" || res.kind === "not-a-package") && !r.stmt.future) throw new Aborted();
      if (r.relative?.kind === "error") throw new Aborted();
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
    r.stmt.names.forEach((n, i) => {
      if (n.name === "*") {
        const sim = targetMod.file ? src.file(targetMod.file) : null;
        if (target.dynamic || !sim) return;
        // `import *` copies what the module has bound so far: __all__ once assigned, else its public names.
        const names = target.bound.has("__all__") && sim.all ? sim.all : [...target.bound].filter((x) => !x.startsWith("_"));
        for (const name of names) self.bound.add(name);
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
        throw new Aborted({ file: self.file ?? "", stmt: r.stmt, nameIndex: i, module: target.name, moduleFile: target.file, name: n.name, stack: [...stack], partial: target.initializing });
      }
      throw new Aborted();
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
    return { failed: true, circular: e.circular }; // the error reached the entry: nothing caught it on the way
  }
  return { failed: false, circular: null };
}
