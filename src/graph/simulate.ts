// Simulates CPython's execution order of module-level imports from an entry module, to predict circular-import errors.
import type { AttributeUse, ImportContext, ImportStatement, Range } from "../parse/facts.js";
import type { ImportResult } from "../resolve/imports.js";
import type { NameUses } from "../resolve/name-uses.js";
import type { Resolution, ResolvedModule } from "../resolve/resolver.js";
import { catches, catchesOnlyImportErrors } from "../parse/conditions.js";

/** What the simulation needs to know about one file. */
export interface SimFile {
  abs: string;
  /** Module-level imports (not in functions, not under TYPE_CHECKING), in execution order, with their results. */
  imports: ImportResult[];
  /**
   * Those of `imports` under a `sys.platform` or `sys.version_info` test the analysis cannot decide: an error one of
   * them raises reaches its module only on the platforms (versions) that run it (`elif sys.platform == "cli":` never
   * runs on CPython). Other `if` statements are run as they were: going on past their failed imports made the
   * simulations of site-packages run some four times as many modules (resolve 7.5 to 28 s).
   */
  mayNotRun: Set<ImportStatement>;
  /** Module-level bindings other than imports: name and line. */
  bindings: { name: string; line: number }[];
  /** The module's names cannot be listed statically (dynamic namespace): never report against it. A module
   * `__getattr__` is a binding like any other: it answers only once its `def` has run. */
  dynamic: boolean;
  /** Literal `__all__`, once bound. */
  all: string[] | null;
  /** CPython cannot compile it: importing it raises SyntaxError before anything runs. */
  uncompilable: boolean;
  /** Attribute reads that run unconditionally at import time (`mod.X` at module or class level). */
  uses: AttributeUse[];
  /** Where the names looked up in this module's namespace go (`SimulationSource.nameUses`). */
  looked: Set<string>;
  /** Set once some simulation has run the module's body as an import (an edit elsewhere that no simulation runs
   * changes none). Not for the entry's own body: what an edit there changes, its entry's simulation alone says. */
  ran: boolean;
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
  /** Set when the error is an attribute read (`M.X` at module level) rather than the import statement itself:
   * `stmt` is then the import that bound the read's base name. */
  use?: { range: Range; context: ImportContext; submodule: boolean };
  /** Where to report when the failing part is not one of the statement's names (`import a.b as x`). */
  range?: Range;
}

/** How a circular-import finding names the run it happens in: a module imported first, or a script. */
export interface CircularEntry {
  name: string;
  /** For a script: `python <path>`, and its directory (sys.path[0], which 3.13's messages compare module files with). */
  script?: { shown: string; dir: string };
}

interface ModState {
  name: string;
  file: string | null;
  /** What the simulation knows about `file`. */
  sim: SimFile | null;
  initializing: boolean;
  /** Names the body (or an import of a submodule) has bound so far; the ones every module has are in `PRESET`. */
  bound: Set<string>;
  dynamic: boolean;
  /** Local names that refer to a module (by `import a.b`, `import a.b as m`, `from p import submodule`); made
   * when the first is bound (most simulated modules bind none that an attribute read follows). */
  refs: Map<string, { module: string; stmt: ImportStatement }> | null;
}

/** An exception propagating through the simulated imports; `circular` is set when it is a circular-import error. */
// Not an Error subclass on purpose: simulated imports fail often, and capturing a stack trace each time is costly.
class Aborted {
  constructor(
    /** The statement whose own check failed; null when loading a module failed (a SyntaxError). */
    readonly origin: ImportStatement | null,
    readonly errorClass: ErrorClass,
    readonly circular: CircularFinding | null = null,
    /** For a SyntaxError: the file that cannot be compiled. */
    readonly file: string | null = null,
  ) {}
}

type ErrorClass = "ModuleNotFoundError" | "ImportError" | "SyntaxError" | "AttributeError" | "KeyError";

/** How each executed import statement ended in one simulation. */
export type StatementOutcome = "ok" | "own-error" | "propagated";

export interface SimulationSource {
  file(abs: string): SimFile | null;
  /** A submodule of a package, if it exists. */
  child(parent: ResolvedModule, part: string): ResolvedModule | null;
  /** Whether a top-level module found nowhere is absent: certainly (an environment or a lock file without it), possibly
   * (not declared), or not (declared: taken as installed). An absent one raises, as it would. */
  missingModule(module: string): "certain" | "possible" | null;
  /** Whether a module found nowhere on disk under first-party code is missing at run time too (no module on its way
   * provides submodules dynamically, as six does for `six.moves`). */
  /** `from`: the importing module's file and the statement's line (its own later edits cannot have run yet). */
  certainlyMissing(resolution: Resolution, from?: { file: string; line: number }): boolean;
  /** Whether an exception of this class raised by a statement in this context is caught by its own try/except. */
  guarded(context: ImportContext, errorClass: ErrorClass): boolean;
  /** Whether some code assigns an attribute of this name on some object (`mod.X = ...`): then it may exist. */
  maybeStored(attr: string): boolean;
  /** Whether two files are on the same import cycle (IMP002 leaves star imports within a cycle to the simulation). */
  sameCycle(a: string, b: string): boolean;
  /** Whether a module's names depend on the import order: it star-imports a module of its own cycle, so it copies
   * whatever that module has bound so far. IMP002 leaves names missing from such a module to the simulation. */
  orderDependent(file: string, name: string): boolean;
  /** Hears of every name looked up in a module's namespace, and of every namespace listed whole. */
  nameUses: NameUses;
  /**
   * Only certain failures stop a module (the impact's "blocks for certain"): a failure of a statement under a plain
   * `if` goes on like one that may not run, and a module found nowhere is taken as installed.
   */
  optimistic?: boolean;
  /** An error an import raises for a reason outside the import system's model (a dependency's version in force
   * removed what it imports: IMP009), or null. */
  otherFailure?(r: ImportResult): ErrorClass | null;
}

/** What one `import <entry>` did: whether an error reached the entry, and the circular-import one if so. */
export interface SimulationResult {
  failed: boolean;
  circular: CircularFinding | null;
  outcomes: Map<ImportStatement, StatementOutcome>;
  /** For from-imports: whether the imported module was still initializing when the statement ran (`INITIALIZING`),
   * had finished (`INITIALIZED`), or both, in a run that ran the statement more than once. */
  targetInitializing: Map<ImportStatement, number>;
  /**
   * What the run began with, when it began from a snapshot (shared by every run that began from it, never changed):
   * its statements' outcomes, unless `outcomes` has them too (ran again), and its `targetInitializing` bits, to be
   * or'ed with this run's. `OutcomeUnion` reads both.
   */
  inherited: Inherited | null;
  /** The statement whose own error reached the entry uncaught, if any. */
  topOrigin: ImportStatement | null;
  /** For an uncaught SyntaxError: the file that cannot be compiled. */
  topFile: string | null;
}

/** One interpreter state: `run` imports an entry into the same sys.modules as the runs before it (a pytest session). */
export interface Simulator {
  /** `record: false` leaves the result's `outcomes` and `targetInitializing` empty (for a caller that reads only
   * whether and how the import failed). */
  run(entryChain: ResolvedModule[], record?: boolean): SimulationResult;
  /** `del sys.modules[name]` (pytest does it for each top-level `conftest` before importing the next one). */
  forget(name: string): void;
}

export interface Inherited {
  outcomes: ReadonlyMap<ImportStatement, StatementOutcome>;
  targetInitializing: ReadonlyMap<ImportStatement, number>;
}

/**
 * The outcomes of many runs put together: every outcome some run recorded for each statement (its last in that
 * run), and the bits of `targetInitializing` or'ed. Runs that began from one snapshot share its outcomes: they are
 * read once, and again only for the statements a run ran again.
 */
export class OutcomeUnion {
  readonly seen = new Map<ImportStatement, Set<StatementOutcome>>();
  readonly targetStates = new Map<ImportStatement, number>();
  /** For each snapshot's outcomes read so far, its statements not taken yet (every run so far ran them again). */
  private readonly pending = new Map<Inherited, Set<ImportStatement>>();

  add(result: SimulationResult): void {
    for (const [stmt, o] of result.outcomes) this.see(stmt, o);
    for (const [stmt, bits] of result.targetInitializing) this.targetStates.set(stmt, (this.targetStates.get(stmt) ?? 0) | bits);
    const inherited = result.inherited;
    if (!inherited) return;
    const pending = this.pending.get(inherited);
    if (pending) {
      for (const stmt of pending) {
        if (result.outcomes.has(stmt)) continue;
        this.see(stmt, inherited.outcomes.get(stmt)!);
        pending.delete(stmt);
      }
      return;
    }
    const left = new Set<ImportStatement>();
    for (const [stmt, o] of inherited.outcomes) {
      if (result.outcomes.has(stmt)) left.add(stmt);
      else this.see(stmt, o);
    }
    this.pending.set(inherited, left);
    for (const [stmt, bits] of inherited.targetInitializing) this.targetStates.set(stmt, (this.targetStates.get(stmt) ?? 0) | bits);
  }

  private see(stmt: ImportStatement, o: StatementOutcome): void {
    const set = this.seen.get(stmt);
    if (set) set.add(o);
    else this.seen.set(stmt, new Set([o]));
  }
}

/** Bits of `SimulationResult.targetInitializing`. */
export const INITIALIZING = 1;
export const INITIALIZED = 2;

/** Names every module has before its body runs. */
const PRESET = new Set(["__name__", "__file__", "__path__", "__spec__", "__loader__", "__package__", "__doc__", "__builtins__"]);

/** Whether a statement is a star import (`from m import *`). */
function hasStar(stmt: ImportStatement): boolean {
  for (const n of stmt.names) if (n.name === "*") return true;
  return false;
}

/** One step of a module body, in execution order: a binding, an import statement or an attribute read. */
type Event = { line: number; bind?: string; imp?: ImportResult; use?: AttributeUse };

// A file's body runs the same steps in every simulation (each cycle member is an entry of its own, and a test
// session imports many): its ordered steps and the names it binds itself are computed once per file.
const events = new WeakMap<SimFile, Event[]>();
const ownNames = new WeakMap<SimFile, Set<string>>();

function eventsOf(sim: SimFile): Event[] {
  let list = events.get(sim);
  if (list) return list;
  list = [...sim.bindings.map((b) => ({ line: b.line, bind: b.name })), ...sim.imports.map((r) => ({ line: r.stmt.range.line, imp: r })), ...sim.uses.map((u) => ({ line: u.range.line, use: u }))];
  // Same line: imports, then reads, then bindings (`x = m.X` reads before it binds; source order only roughly).
  const rank = (e: Event): number => (e.imp ? 0 : e.use ? 1 : 2);
  list.sort((a, b) => a.line - b.line || rank(a) - rank(b));
  events.set(sim, list);
  return list;
}

const importOnly = new WeakMap<SimFile, Set<number>>();

/**
 * The tries of a module whose body holds some of its steps and whose handlers catch only ImportError or
 * ModuleNotFoundError: whether their handlers run is decided by those steps (as the gate decides, analyze.ts).
 */
function importsOnlyTries(sim: SimFile): Set<number> {
  let set = importOnly.get(sim);
  if (set) return set;
  set = new Set();
  const broad = new Set<number>();
  for (const context of [...sim.imports.map((r) => r.stmt.context), ...sim.uses.map((u) => u.context)]) {
    for (const g of context.guards) {
      if (catchesOnlyImportErrors(g.catches)) set.add(g.tryId);
      else broad.add(g.tryId);
    }
  }
  for (const id of broad) set.delete(id);
  importOnly.set(sim, set);
  return set;
}

const locals = new WeakMap<ImportStatement, string[]>();

/** The names an import statement binds in the importing module (`import a.b` binds `a`; a star import none here). */
function localsOf(stmt: ImportStatement): string[] {
  let list = locals.get(stmt);
  if (!list) locals.set(stmt, (list = stmt.dynamic ? [] : stmt.kind === "import" ? [stmt.alias ?? stmt.module.split(".")[0]!] : stmt.names.filter((n) => n.name !== "*").map((n) => n.alias ?? n.name)));
  return list;
}

/** Whether the module's own body binds `name` (a value, not only a submodule attribute); a look at its names. */
function bindsItself(sim: SimFile, name: string): boolean {
  sim.looked.add(name);
  let names = ownNames.get(sim);
  if (!names) ownNames.set(sim, (names = new Set(sim.bindings.map((b) => b.name))));
  return names.has(name);
}

/** Runs `import <entry>` (with parents) in a fresh sys.modules. */
export function simulate(entryChain: ResolvedModule[], src: SimulationSource, record = true): SimulationResult {
  return createSimulator(src).run(entryChain, record);
}

/** Each source's files by resolved module: simulations look a module's file up at every import of it. */
const simFiles = new WeakMap<SimulationSource, WeakMap<ResolvedModule, SimFile | null>>();

/**
 * What a fresh interpreter holds once `import a.b` has run (every parent of an entry, and the entry): a simulation
 * from a fresh interpreter that imports `a.b.c` next starts from here rather than run `a`'s and `a.b`'s bodies again.
 * A package's `__init__` often imports most of its package: without this, each module of a large cycle ran most of
 * that cycle again (site-packages: 7,534 entries ran 668,548 bodies).
 */
interface Snapshot {
  modules: Map<string, ModState>;
  resolved: Map<string, ResolvedModule>;
  /** The outcomes and bits recorded so far (empty unless recorded): `inherited` and the run's own put together. */
  recorded: Inherited;
  uncertain: boolean;
  /** The bodies run as imports so far, by the resolved module that ran each. */
  ran: [ResolvedModule, SimFile][];
  /** Those of `ran` whose `SimFile.ran` a restore has not set yet (it is not set for the entry's own body). */
  unmarked: [ResolvedModule, SimFile][];
  /** The module whose import the snapshot was taken after, as the run that took it resolved it (a run that begins
   * from the snapshot resolved it as another object: its body ran as this one's if it is that run's entry). */
  last: ResolvedModule;
  /** The error the import raised (then the run ends with it). */
  error: Aborted | null;
}

/** Snapshots by source, then by whether outcomes were recorded and by the chain imported (`moduleKey` of each). */
const snapshots = new WeakMap<SimulationSource, Map<string, Snapshot>>();
/**
 * Most snapshots kept per source (the least recently used go first): entries come cycle by cycle, so those of one
 * package follow one another. A re-analysis of site-packages (one run each, before snapshots were kept for packages
 * only) resolved in 6.0 s keeping 4, 5.0 s keeping 8 and 4.7 s keeping 32, with 145 MB more memory than with 8.
 */
const SNAPSHOTS_KEPT = 8;
/** Module states a snapshot holds: never changed after it is taken (a simulation copies one before it changes it). */
const frozen = new WeakSet<ModState>();

let snapshotsOn = true;

/** Turns snapshots off (or on again): for the test that checks that they change no simulation's outcome. */
export function useSnapshots(on: boolean): void {
  snapshotsOn = on;
}

/** Everything of a resolved module that a simulation reads (two resolutions of one name are distinct objects). */
const moduleKey = (m: ResolvedModule): string => `${m.name}\0${m.kind}\0${m.file ?? ""}\0${m.searchDirs.join("\0")}\0${m.entry.kind}\0${m.entry.dir}`;

export function createSimulator(src: SimulationSource): Simulator {
  const files = simFiles.get(src) ?? simFiles.set(src, new WeakMap()).get(src)!;
  const simOf = (mod: ResolvedModule): SimFile | null => {
    let sim = files.get(mod);
    if (sim === undefined) files.set(mod, (sim = mod.file ? src.file(mod.file) : null));
    return sim;
  };
  let modules = new Map<string, ModState>();
  /** The resolved module behind each simulated one (for submodule lookups). */
  let resolved = new Map<string, ResolvedModule>();
  /** Bodies run as imports in this run, by the resolved module that ran each: those of the snapshot it began
   * from, then its own. */
  let ranBefore: [ResolvedModule, SimFile][] = [];
  let ranLog: [ResolvedModule, SimFile][] = [];
  const memo = snapshots.get(src) ?? snapshots.set(src, new Map()).get(src)!;
  let outcomes = new Map<ImportStatement, StatementOutcome>();
  let targetInitializing = new Map<ImportStatement, number>();
  let inherited: Inherited | null = null;
  let record = true;
  let uncertain = false;
  /** The module `run` imports (its body runs as the entry, not as an import). */
  let entry: ResolvedModule | null = null;
  const stack: string[] = [];
  const uses = src.nameUses;
  /** Whether a module has bound `name` so far (every such question is a look at its names). */
  const has = (state: ModState, name: string): boolean => {
    state.sim?.looked.add(name);
    return state.bound.has(name);
  };
  const isBound = (state: ModState, name: string): boolean => PRESET.has(name) || has(state, name);

  const ensure = (mod: ResolvedModule): ModState => {
    const existing = modules.get(mod.name);
    if (existing) return existing;
    const sim = simOf(mod);
    resolved.set(mod.name, mod);
    const state: ModState = { name: mod.name, file: mod.file, sim, initializing: true, bound: new Set(), refs: null, dynamic: mod.kind === "namespace" ? false : !sim || sim.dynamic };
    modules.set(mod.name, state);
    if (sim?.uncompilable) {
      modules.delete(mod.name);
      throw new Aborted(null, "SyntaxError", null, mod.file);
    }
    if (sim) {
      if (mod !== entry) sim.ran = true;
      ranLog.push([mod, sim]);
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

  /**
   * `_gcd_import("a.b.c")` as _find_and_load does it: a module already in sys.modules is used as is; otherwise its
   * *immediate* parent is imported first (recursively). So a parent left behind by a failed import (a.b) lets
   * a.b.c load without running a's __init__ again. A child becomes an attribute of its parent once it has run.
   */
  const importChain = (chain: ResolvedModule[]): ModState => {
    const load = (i: number): ModState => {
      const m = chain[i]!;
      const existing = modules.get(m.name);
      if (existing) return existing;
      if (i > 0 && !modules.has(chain[i - 1]!.name)) load(i - 1);
      // A namespace package left in sys.modules after its parent failed: finding a child recalculates its path
      // from sys.modules[parent], which is gone (KeyError from importlib).
      if (i > 1 && chain[i - 1]!.kind === "namespace" && !modules.has(chain[i - 2]!.name)) throw new Aborted(null, "KeyError");
      const st = ensure(m);
      const parent = i > 0 ? modules.get(chain[i - 1]!.name) : undefined;
      const part = m.name.slice(m.name.lastIndexOf(".") + 1);
      if (parent && !parent.bound.has(part)) writable(parent).bound.add(part);
      return st;
    };
    return load(chain.length - 1);
  };

  /** The state to change: a copy in place of one a snapshot holds (a finished module gains submodules only). */
  const writable = (state: ModState): ModState => {
    if (!frozen.has(state)) return state;
    const copy: ModState = { ...state, bound: new Set(state.bound), refs: state.refs && new Map(state.refs) };
    modules.set(state.name, copy);
    return copy;
  };

  /** The state a module has now (`state`, or the copy that replaced it when a submodule of it was imported). */
  const current = (state: ModState): ModState => modules.get(state.name) ?? state;

  const snapshot = (last: ResolvedModule, error: Aborted | null): Snapshot => {
    for (const state of modules.values()) frozen.add(state);
    const ran = ranBefore.concat(ranLog);
    let recorded: Inherited = { outcomes: new Map(outcomes), targetInitializing: new Map(targetInitializing) };
    if (inherited) {
      const bits = new Map(inherited.targetInitializing);
      for (const [stmt, b] of targetInitializing) bits.set(stmt, (bits.get(stmt) ?? 0) | b);
      recorded = { outcomes: new Map([...inherited.outcomes, ...outcomes]), targetInitializing: bits };
    }
    return { modules: new Map(modules), resolved: new Map(resolved), recorded, uncertain, ran, unmarked: ran, last, error };
  };

  /**
   * At the start of a run (which has just emptied its own outcomes and log of bodies run). `entryCovered`: the
   * snapshot was taken after importing the entry itself (as `snap.last`).
   */
  const restore = (snap: Snapshot, entryCovered: boolean): void => {
    modules = new Map(snap.modules);
    resolved = new Map(snap.resolved);
    inherited = record && (snap.recorded.outcomes.size > 0 || snap.recorded.targetInitializing.size > 0) ? snap.recorded : null;
    uncertain = snap.uncertain;
    ranBefore = snap.ran;
    if (snap.unmarked.length > 0) {
      // As `ensure` marks them: every body but the entry's, which ran as `snap.last` if the snapshot covers the chain.
      const own = (mod: ResolvedModule): boolean => mod === entry || (entryCovered && mod === snap.last);
      for (const [mod, sim] of snap.unmarked) if (!own(mod)) sim.ran = true;
      snap.unmarked = snap.unmarked.filter(([mod]) => own(mod));
    }
  };

  /**
   * `importChain(chain)` in a fresh interpreter, each of its prefixes (`a`, `a.b`, ...) taken from a snapshot when an
   * earlier simulation of this source made one, else run and kept as one.
   */
  const importFresh = (chain: ResolvedModule[]): void => {
    const keys: string[] = [];
    let key = record ? "r" : "-";
    for (const m of chain) keys.push((key += `\n${moduleKey(m)}`));
    let from = chain.length - 1;
    while (from >= 0 && !memo.has(keys[from]!)) from--;
    if (from >= 0) {
      const snap = memo.get(keys[from]!)!;
      memo.delete(keys[from]!); // most recently used last
      memo.set(keys[from]!, snap);
      restore(snap, from === chain.length - 1);
      if (snap.error) throw snap.error;
    }
    for (let i = from + 1; i < chain.length; i++) {
      let error: Aborted | null = null;
      try {
        importChain(chain.slice(0, i + 1));
      } catch (e) {
        if (!(e instanceof Aborted)) throw e;
        error = e;
      }
      // Only a package's import can begin another entry's (`a.b` of `a.b.c`).
      if (chain[i]!.kind === "package" || chain[i]!.kind === "namespace") {
        memo.set(keys[i]!, snapshot(chain[i]!, error));
        if (memo.size > SNAPSHOTS_KEPT) memo.delete(memo.keys().next().value!);
      }
      if (error) throw error;
    }
  };

  const run = (sim: SimFile, self: ModState): void => {
    /** The tries of this body whose guarded steps raised an error they caught: their handlers run. */
    const raised = new Set<number>();
    const caught = (context: ImportContext, errorClass: ErrorClass): boolean => {
      if (!src.guarded(context, errorClass)) return false;
      for (const g of context.guards) if (catches(g.catches, errorClass)) raised.add(g.tryId);
      return true;
    };
    for (const ev of eventsOf(sim)) {
      if (ev.bind) {
        self.bound.add(ev.bind);
        self.refs?.delete(ev.bind);
        continue;
      }
      if (ev.use) {
        try {
          readAttribute(ev.use, self);
        } catch (e) {
          if (!(e instanceof Aborted) || !caught(ev.use.context, e.errorClass)) throw e;
        }
        continue;
      }
      const r = ev.imp!;
      // An `except ImportError:` handler runs only when its try's body raised one; the body's imports tell.
      const handlerOf = r.stmt.context.inHandlerOf;
      if (handlerOf !== null && !raised.has(handlerOf) && importsOnlyTries(sim).has(handlerOf)) continue;
      try {
        execImport(r, self);
        if (record) outcomes.set(r.stmt, "ok");
      } catch (e) {
        if (!(e instanceof Aborted)) throw e;
        // An error raised inside a module this statement imports reaches CPython before the statement's own checks.
        if (record) outcomes.set(r.stmt, e.origin === r.stmt ? "own-error" : "propagated");
        if (caught(r.stmt.context, e.errorClass)) continue;
        // A statement that may not run fails only when it runs: the module goes on without the names it binds,
        // and whatever else happens depends on that condition. A circular-import error is still followed: it is
        // reported at the statement that raises it, with that statement's own condition.
        if (e.circular === null && (sim.mayNotRun.has(r.stmt) || (src.optimistic === true && r.stmt.context.conditional))) {
          uncertain = true;
          continue;
        }
        throw e;
      }
    }
  };

  /**
   * `M.X` read while the module body runs. Only the circular case is predicted: M is still initializing and has not
   * bound X yet (module_getattro's "partially initialized module" AttributeError). Submodule names, names some code
   * assigns as attributes, and modules with dynamic namespaces are left alone.
   */
  const readAttribute = (use: AttributeUse, self: ModState): void => {
    self.sim?.looked.add(use.base); // a binding of the name drops the module it referred to
    const ref = self.refs?.get(use.base);
    if (!ref) return;
    let state = modules.get(ref.module);
    for (const [i, attr] of use.path.entries()) {
      if (!state) return;
      const bound = isBound(state, attr);
      if (!bound && (state.dynamic || has(state, "__getattr__"))) return; // whatever __getattr__ gives
      if (bound) {
        const file = state.sim;
        if (i === use.path.length - 1 || (file !== null && bindsItself(file, attr))) return; // a value: not followed
        state = modules.get(`${state.name}.${attr}`);
        continue;
      }
      if (src.maybeStored(attr)) return;
      const sub = modules.get(`${state.name}.${attr}`);
      // module_getattro: a module still initializing, else a submodule still initializing (3.11+ words it).
      const submodule = !state.initializing && sub?.initializing === true;
      if (!state.initializing && !submodule) return; // a plain missing attribute is not a circular import
      const mod = resolved.get(state.name);
      if (state.initializing && (!mod || (src.child(mod, attr) && !sub))) return; // a submodule not imported yet
      throw new Aborted(null, "AttributeError", { file: self.file ?? "", stmt: ref.stmt, nameIndex: -1, module: state.name, moduleFile: state.file, name: attr, stack: [...stack], partial: state.initializing, uncertain, attribute: true, use: { range: use.range, context: use.context, submodule } });
    }
  };


  const execImport = (r: ImportResult, self: ModState): void => {
    const res = r.resolution;
    if (!res || res.kind !== "first-party") {
      // Third-party/stdlib modules run without touching first-party state. A top-level name found nowhere may
      // be installed (unknown); only first-party failures are certain.
      if (res && (res.kind === "missing" || res.kind === "not-a-package") && !r.stmt.future) {
        importChain(res.chain); // the parents run (and may fail) before the missing component is looked for
        if (src.certainlyMissing(res, self.file && r.stmt.context.scope === "module" ? { file: self.file, line: r.stmt.range.line } : undefined)) throw new Aborted(r.stmt, "ModuleNotFoundError");
      }
      if (r.relative?.kind === "error") throw new Aborted(r.stmt, "ImportError");
      // The target version's standard library lacks the submodule or a name (rules/stdlib-names.json).
      const other = src.otherFailure?.(r);
      if (other) throw new Aborted(r.stmt, other);
      // An installed package lacks the submodule or a name (resolve/installed.ts read it).
      if (res?.kind === "third-party" && r.installed) {
        if (r.installed.missing) throw new Aborted(r.stmt, "ModuleNotFoundError");
        if (r.installed.names.some((n) => n.verdict.kind === "missing" && !src.maybeStored(n.name.name))) throw new Aborted(r.stmt, "ImportError");
      }
      if (res?.kind === "stdlib" && !r.stmt.future) {
        if (res.missing) throw new Aborted(r.stmt, "ModuleNotFoundError");
        if (r.stdlibMissing.some((m) => !src.maybeStored(m.name.name))) throw new Aborted(r.stmt, "ImportError");
      }
      if (hasStar(r.stmt)) self.dynamic = true; // names from outside first-party code
      if (res?.kind === "not-found-top") {
        const missing = r.absolute ? src.missingModule(r.absolute) : null;
        // Whatever happens next depends on what is installed, unless it is declared: then it is (CI installs it).
        if (missing !== null) uncertain = true;
        if (missing === "certain" || (missing === "possible" && !src.optimistic)) throw new Aborted(r.stmt, "ModuleNotFoundError");
      }
      bindImported(r, self);
      return;
    }
    let target = importChain(res.chain);
    const targetMod = res.chain[res.chain.length - 1]!;
    if (r.stmt.kind === "import") {
      // `import a.b.c` (with or without `as`) then returns the top-level package: __import__ imports "a" itself,
      // which runs a's __init__ again if a failed import removed it from sys.modules.
      if (res.chain.length > 1) importChain([res.chain[0]!]);
      // `import a.b.c as x` then walks down with IMPORT_FROM: getattr(a, "b"), else sys.modules["a.b"]. A submodule
      // left in sys.modules by a failed import lets _gcd_import("a.b.c") succeed while a.b is gone from both.
      if (r.stmt.alias && res.chain.length > 1) {
        for (let i = 1; i < res.chain.length; i++) {
          const parent = modules.get(res.chain[i - 1]!.name);
          const part = res.chain[i]!.name.slice(res.chain[i - 1]!.name.length + 1);
          if (!parent || parent.dynamic || isBound(parent, part) || has(parent, "__getattr__") || modules.has(res.chain[i]!.name)) continue;
          throw new Aborted(r.stmt, "ImportError", { file: self.file ?? "", stmt: r.stmt, nameIndex: -1, module: parent.name, moduleFile: parent.file, name: part, stack: [...stack], partial: parent.initializing, uncertain, attribute: false, range: r.stmt.moduleRange });
        }
      }
      bindImported(r, self);
      const local = r.stmt.alias ?? r.stmt.module.split(".")[0]!;
      (self.refs ??= new Map()).set(local, { module: (r.stmt.alias ? targetMod : res.chain[0]!).name, stmt: r.stmt });
      return;
    }
    if (record) targetInitializing.set(r.stmt, (targetInitializing.get(r.stmt) ?? 0) | (target.initializing ? INITIALIZING : INITIALIZED));
    const stmtNames = r.stmt.names;
    for (let i = 0; i < stmtNames.length; i++) {
      const n = stmtNames[i]!;
      if (n.name === "*") {
        const sim = simOf(targetMod);
        if (target.dynamic || (!sim && targetMod.kind !== "namespace")) {
          self.dynamic = true; // a star import of a compiled or dynamic module: our names are unknowable too
          continue;
        }
        if (!sim) continue;
        // `import *` copies what the module has bound so far: __all__ once assigned, else its public names.
        uses.all(target.file);
        const names = has(target, "__all__") && sim.all ? sim.all : [...target.bound].filter((x) => !x.startsWith("_"));
        for (const name of names) {
          if (!isBound(target, name) && !has(target, "__getattr__")) {
            const child = targetMod.kind === "package" ? src.child(targetMod, name) : null;
            if (!child) {
              // AttributeError: __all__ names an attribute that is missing now. IMP002 reports one that is always
              // missing, except within a cycle, where which name fails first depends on the order.
              const staticReport = r.starMissing?.name === name && !(self.file && targetMod.file && (src.sameCycle(self.file, targetMod.file) || src.orderDependent(targetMod.file, name)));
              const finding = staticReport ? null : { file: self.file ?? "", stmt: r.stmt, nameIndex: i, module: target.name, moduleFile: target.file, name, stack: [...stack], partial: target.initializing, uncertain, attribute: true };
              throw new Aborted(r.stmt, "AttributeError", finding); // import_all_from getattr()s each name
            }
            importChain([...res.chain, child]);
            target = current(target);
          }
          self.bound.add(name);
        }
        continue;
      }
      const local = n.alias ?? n.name;
      self.refs?.delete(local);
      if (isBound(target, n.name) || target.dynamic || has(target, "__getattr__")) {
        self.bound.add(local);
        // `from p import m` where m is p's submodule attribute (not a value p assigns itself).
        const sim = target.dynamic ? null : simOf(targetMod);
        const sub = sim && !bindsItself(sim, n.name) ? modules.get(`${target.name}.${n.name}`) : undefined;
        if (sub) (self.refs ??= new Map()).set(local, { module: sub.name, stmt: r.stmt });
        continue;
      }
      // _handle_fromlist: a package falls back to importing the submodule; sys.modules has it even mid-initialization.
      const child = targetMod.kind === "package" || targetMod.kind === "namespace" ? src.child(targetMod, n.name) : null;
      if (child) {
        importChain([...res.chain, child]);
        target = current(target);
        self.bound.add(local);
        if (modules.has(child.name)) (self.refs ??= new Map()).set(local, { module: child.name, stmt: r.stmt });
        continue;
      }
      // A name the module never binds is IMP002's; one it binds later (or via a star import that ran too early) is ours.
      if (target.initializing || r.names.find((x) => x.name === n)?.verdict.kind !== "missing" || (targetMod.file && src.orderDependent(targetMod.file, n.name))) {
        throw new Aborted(r.stmt, "ImportError", { file: self.file ?? "", stmt: r.stmt, nameIndex: i, module: target.name, moduleFile: target.file, name: n.name, stack: [...stack], partial: target.initializing, uncertain, attribute: false });
      }
      throw new Aborted(r.stmt, "ImportError");
    }
  };

  const bindImported = (r: ImportResult, self: ModState): void => {
    for (const local of localsOf(r.stmt)) {
      self.bound.add(local);
      self.refs?.delete(local);
    }
  };

  return {
    forget: (name) => void modules.delete(name),
    run(entryChain, recordStatements = true) {
      record = recordStatements;
      entry = entryChain[entryChain.length - 1] ?? null;
      outcomes = new Map();
      targetInitializing = new Map();
      inherited = null;
      uncertain = false;
      stack.length = 0;
      ranBefore = [];
      ranLog = [];
      try {
        if (modules.size === 0 && snapshotsOn) importFresh(entryChain);
        else importChain(entryChain);
      } catch (e) {
        if (!(e instanceof Aborted)) throw e;
        // reached the entry uncaught
        return { failed: true, circular: e.circular, outcomes, targetInitializing, inherited, topOrigin: e.origin, topFile: e.file };
      }
      return { failed: false, circular: null, outcomes, targetInitializing, inherited, topOrigin: null, topFile: null };
    },
  };
}
