// Finds circular-import failures: builds the eager import graph, finds its cycles, simulates each cycle member as entry.
import path from "node:path";
import type { FileAnalysis } from "../checks/types.js";
import type { FileContext } from "../discover/contexts.js";
import type { ImportStatement, ModuleFacts } from "../parse/facts.js";
import { certainlyMissing } from "../resolve/dynamic-submodules.js";
import type { BindingIndex } from "../resolve/bindings.js";
import type { ImportResult } from "../resolve/imports.js";
import type { NameUses } from "../resolve/name-uses.js";
import type { ResolvedModule, Resolver, SearchPath } from "../resolve/resolver.js";
import { catches, evaluateVersion } from "../parse/conditions.js";
import { nodesOnCycles } from "./cycles.js";
import { INITIALIZED, INITIALIZING, OutcomeUnion, simulate, type CircularEntry, type CircularFinding, type SimFile, type SimulationResult, type SimulationSource } from "./simulate.js";

/** Module-level imports that run when the module is imported (not in functions, not under TYPE_CHECKING). */
export function eager(r: ImportResult, minor: number): boolean {
  const c = r.stmt.context;
  if (c.scope === "function" || c.typeChecking === "if" || c.mainGuard) return false;
  // Only literal version tests are decided (the same evaluation the gate uses); anything else may run.
  return !c.conditions.some((cond) => evaluateVersion(cond, [3, minor]) === false);
}

/**
 * The files an eager import's edges reach: every module of its chain (those that run before a failing component
 * too), and the submodules a from-import names.
 */
export function edgeTargets(r: ImportResult, resolver: Resolver): string[] {
  if (!r.resolution || !("chain" in r.resolution) || r.resolution.chain.length === 0) return [];
  const chain = r.resolution.chain;
  const out = chain.flatMap((m) => (m.file ? [m.file] : []));
  if (r.resolution.kind !== "first-party") return out;
  const last = chain[chain.length - 1]!;
  for (const n of r.stmt.names) {
    const child = n.name !== "*" ? resolver.child(last, n.name) : null;
    if (child?.file) out.push(child.file);
  }
  return out;
}

/** A module body as the simulation runs it: its eager imports, its own bindings, and its unconditional reads. */
export function simFile(abs: string, facts: ModuleFacts, results: ImportResult[], minor: number, dynamic: boolean, bindings: BindingIndex): SimFile {
  const imports = results.filter((r) => eager(r, minor));
  return {
    abs,
    imports,
    mayNotRun: new Set(imports.filter((r) => r.stmt.context.conditions.some((c) => evaluateVersion(c, [3, minor]) !== true)).map((r) => r.stmt)),
    bindings: facts.bindings.filter((b) => b.kind !== "import" && b.kind !== "global").map((b) => ({ name: b.name, line: b.line })),
    dynamic,
    all: bindings.allOf(abs),
    uncompilable: facts.syntaxErrors.length > 0,
    looked: bindings.nameUses.namesOf(abs),
    ran: false,
    // Reads under an undecidable condition may not run: leave them out rather than guess.
    uses: facts.attributeUses.filter((u) => !u.context.conditional && u.context.typeChecking !== "if" && !u.context.mainGuard && u.context.conditions.every((c) => evaluateVersion(c, [3, minor]) === true)),
  };
}

/** Whether a module's names cannot be listed statically: setattr() on it, `globals()` or `sys.modules` tricks in it. */
export function dynamicNamespace(facts: ModuleFacts | null, setattrTarget: boolean): boolean {
  // __getattr__ is not here: the simulation knows when its `def` has run.
  return !facts || setattrTarget || facts.escapeHatches.some((h) => (h.kind === "globals" || h.kind === "sys.modules") && !h.inGetattr);
}

/** What the repository gives a simulation, beyond its files. */
export interface SimulationInputs {
  file(abs: string): SimFile | null;
  resolver: Resolver;
  factsOf(abs: string): ModuleFacts | null | undefined;
  /** A top-level module found nowhere: certainly absent where the code runs (the environment or the lock file says
   * so), possibly absent (not declared), or null (declared: taken as installed). */
  missingModule(module: string): "certain" | "possible" | null;
  otherFailure?(r: ImportResult): "ImportError" | "ModuleNotFoundError" | null;
  maybeStored(attr: string): boolean;
  sameCycle(a: string, b: string): boolean;
  orderDependent(file: string, name: string): boolean;
  nameUses: NameUses;
}

export function simulationSource(i: SimulationInputs): SimulationSource {
  return {
    file: i.file,
    child: (parent, part) => i.resolver.child(parent, part),
    missingModule: i.missingModule,
    ...(i.otherFailure ? { otherFailure: i.otherFailure } : {}),
    certainlyMissing: (resolution, from) => certainlyMissing(resolution, (file) => i.factsOf(file) ?? undefined, from),
    guarded: (context, errorClass) => context.guards.some((g) => catches(g.catches, errorClass)),
    maybeStored: i.maybeStored,
    sameCycle: i.sameCycle,
    orderDependent: i.orderDependent,
    nameUses: i.nameUses,
  };
}

/**
 * `import <the file's module>` as the first import of a fresh interpreter, as the circular-import search enters a
 * cycle; null when the file's name does not resolve to first-party code (then no entry is simulated).
 */
export function simulateEntry(ctx: FileContext, resolver: Resolver, source: SimulationSource, record: boolean): SimulationResult | null {
  const id = ctx.identities[0];
  if (!id) return null;
  const search: SearchPath = ctx.search.before.some((e) => e.dir === id.root) ? ctx.search : { before: [{ dir: id.root, kind: "project" }, ...ctx.search.before], after: ctx.search.after };
  const entry = resolver.resolve(id.name, search);
  return entry.kind === "first-party" ? simulate(entry.chain, source, record) : null;
}

/** How scripts are simulated: which to run as entries, and the files as a script's sys.path makes them (analyze.ts). */
export interface ScriptSimulation {
  entries: Iterable<string>;
  sourceFor(ctx: FileContext, base: SimulationSource): SimulationSource;
}

/** `python <script>`: the file's body runs as `__main__` (its own name imports it a second time, as a module). */
export function simulateScript(ctx: FileContext, source: SimulationSource, record: boolean): SimulationResult {
  const main: ResolvedModule = { name: "__main__", kind: "module", file: ctx.abs, searchDirs: [], entry: ctx.search.before[0] ?? { dir: path.dirname(ctx.abs), kind: "script-dir" } };
  return simulate([main], source, record);
}

/**
 * Whether the simulation of a way into a cycle from outside it met an error that counts: a circular import (a
 * finding), or an error raised by a statement on a cycle (it decides which errors count as always caught, which
 * order-effects.ts asks of statements on a cycle only). Any other error changes no finding.
 */
export const meetsErrorThatCounts = (outcome: SimulationResult, statementOnCycle: (stmt: ImportStatement) => boolean): boolean =>
  outcome.circular !== null || (outcome.topOrigin !== null && statementOnCycle(outcome.topOrigin));

export interface CircularResult {
  /** Failures by the failing statement, with the entry modules that trigger them. */
  byStatement: Map<ImportStatement, (CircularFinding & { entries: CircularEntry[] })[]>;
  /** Files on a cycle whose own import (as the first module of their cycle) fails, by a circular-import error or another. */
  failsWhenImportedFirst: Set<string>;
  /** The import cycle (strongly connected component) of each file on one. */
  cycleOf: Map<string, number>;
  /** Statements that, whenever the simulation ran them, raised an error from a module they import, never their own. */
  alwaysPropagating: Set<ImportStatement>;
  /** From-imports the simulation only ever ran while their module was still initializing. */
  onlyWhileInitializing: Set<ImportStatement>;
  /** From-imports the simulation ran at least once after their module had finished. */
  ranAfterInitialized: Set<ImportStatement>;
  /** What a simulation of this repository reads (for test impact, which simulates pytest sessions). */
  source: SimulationSource;
  /** The eager import graph over files: each file's module-level imports reach these files. */
  edges: Map<string, Set<string>>;
  /** Whether a module binds this name or not depending on the import order: its cycle has a star import of one of
   * its own modules, and some module of the cycle binds the name. */
  orderDependent(file: string, name: string): boolean;
  /** The files of such cycles. */
  orderDependentFiles: Set<string>;
  /** Statements the simulation ran in at least one order. */
  executed: Set<ImportStatement>;
  /** Statements whose own error the simulation saw raised, but always caught by a guard further up. */
  ownErrorAlwaysCaught: Set<ImportStatement>;
  /** The files whose bodies some simulation has run so far as imports (test impact simulates more after this). */
  simulated(): string[];
  /** Entries from outside every cycle whose simulation met an error that counts (`meetsErrorThatCounts`). */
  erringEntries: Set<string>;
}

export function findCircularImports(
  files: FileAnalysis[],
  resolver: Resolver,
  bindings: BindingIndex,
  isDynamic: (abs: string) => boolean,
  minor: number,
  missingModule: (module: string) => "certain" | "possible" | null,
  otherFailure?: (r: ImportResult) => "ImportError" | "ModuleNotFoundError" | null,
  scripts?: ScriptSimulation,
): CircularResult {
  const byAbs = new Map(files.map((f) => [f.ctx.abs, f]));
  const sims = new Map<string, SimFile>();
  const simOf = (abs: string): SimFile | null => {
    let s = sims.get(abs);
    if (s) return s;
    const f = byAbs.get(abs);
    if (!f?.facts) return null;
    s = simFile(abs, f.facts, f.results, minor, isDynamic(abs), bindings);
    sims.set(abs, s);
    return s;
  };

  // The eager graph over files.
  const edges = new Map<string, Set<string>>();
  for (const f of files) {
    const out = new Set<string>();
    for (const r of simOf(f.ctx.abs)?.imports ?? []) for (const file of edgeTargets(r, resolver)) out.add(file);
    edges.set(f.ctx.abs, out);
  }
  const stored = new Set(files.flatMap((f) => f.facts?.attributeStores ?? []));
  const onCycle = nodesOnCycles(files.map((f) => f.ctx.abs), edges);

  const sameCycle = (a: string, b: string): boolean => onCycle.get(a) !== undefined && onCycle.get(a) === onCycle.get(b);
  const orderDependent = new Set<string>();
  for (const f of files) {
    if (!onCycle.has(f.ctx.abs)) continue;
    for (const r of simOf(f.ctx.abs)?.imports ?? []) {
      if (!r.stmt.names.some((n) => n.name === "*") || r.resolution?.kind !== "first-party") continue;
      const last = r.resolution.chain[r.resolution.chain.length - 1]!;
      if (last.file && sameCycle(f.ctx.abs, last.file)) orderDependent.add(f.ctx.abs);
    }
  }
  // Names re-exported from such a module (`from .models import X`) depend on the order too: the whole cycle does.
  const dependentCycles = new Set([...orderDependent].map((abs) => onCycle.get(abs)));
  for (const [abs, c] of onCycle) if (dependentCycles.has(c)) orderDependent.add(abs);
  // Only a name some module of the cycle binds can be there in one order and missing in another.
  const cycleNames = new Map<number, Set<string>>();
  for (const [abs, c] of onCycle) {
    if (!dependentCycles.has(c)) continue;
    const names = cycleNames.get(c) ?? cycleNames.set(c, new Set()).get(c)!;
    bindings.nameUses.all(abs);
    for (const b of byAbs.get(abs)?.facts?.bindings ?? []) names.add(b.name);
  }
  const dependsOnOrder = (file: string, name: string): boolean => orderDependent.has(file) && cycleNames.get(onCycle.get(file)!)!.has(name);

  const source = simulationSource({
    file: simOf,
    resolver,
    factsOf: (file) => byAbs.get(file)?.facts,
    missingModule,
    otherFailure,
    maybeStored: (attr) => stored.has(attr),
    sameCycle,
    orderDependent: dependsOnOrder,
    nameUses: bindings.nameUses,
  });

  // Entries: every module on a cycle, and every file that imports into a cycle (its own statements, guarded
  // retries included, decide the order in which the cycle is entered).
  const entries = new Set(onCycle.keys());
  for (const [abs, out] of edges) if (!onCycle.has(abs) && [...out].some((t) => onCycle.has(t))) entries.add(abs);
  // Scripts whose directory, first on sys.path, changes what some import finds: their runs are cycles of their own.
  for (const abs of scripts?.entries ?? []) entries.add(abs);
  const found = new Map<ImportStatement, (CircularFinding & { entries: CircularEntry[] })[]>();
  const failsWhenImportedFirst = new Set<string>();
  const union = new OutcomeUnion();
  const { seen, targetStates } = union;
  const reachedTop = new Set<ImportStatement>();
  const erringEntries = new Set<string>();
  let statementFiles: Map<ImportStatement, string> | null = null;
  const fileOfStatement = (stmt: ImportStatement): string | undefined =>
    (statementFiles ??= new Map(files.flatMap((f) => (f.facts?.imports ?? []).map((s): [ImportStatement, string] => [s, f.ctx.abs])))).get(stmt);
  for (const abs of entries) {
    const f = byAbs.get(abs);
    const id = f?.ctx.identities[0];
    const script = f?.ctx.script;
    if (!f || (!id && script === undefined)) continue;
    // Statement outcomes count only for cycle members (below): other entries are simulated for their errors.
    const outcome = id ? simulateEntry(f.ctx, resolver, source, onCycle.has(abs)) : simulateScript(f.ctx, scripts ? scripts.sourceFor(f.ctx, source) : source, onCycle.has(abs));
    if (!outcome) continue;
    const entry: CircularEntry = id ? { name: id.name } : { name: "__main__", script: { shown: script!, dir: path.dirname(abs) } };
    if (outcome.failed && onCycle.has(abs)) failsWhenImportedFirst.add(abs);
    // Per-statement observations come from cycle members entered first (the orders masking reasons about);
    // entries from outside a cycle contribute only the errors they reach.
    if (outcome.topOrigin) reachedTop.add(outcome.topOrigin);
    if (!onCycle.has(abs) && meetsErrorThatCounts(outcome, (stmt) => onCycle.has(fileOfStatement(stmt) ?? ""))) erringEntries.add(abs);
    if (onCycle.has(abs)) {
      union.add(outcome);
    }
    const result = outcome.circular;
    if (!result) continue;
    const list = found.get(result.stmt) ?? [];
    const same = list.find((x) => x.module === result.module && x.name === result.name && x.nameIndex === result.nameIndex && x.partial === result.partial);
    if (same) same.entries.push(entry);
    else list.push({ ...result, entries: [entry] });
    found.set(result.stmt, list);
  }
  const alwaysPropagating = new Set([...seen].filter(([, o]) => o.size === 1 && o.has("propagated")).map(([stmt]) => stmt));
  const onlyWhileInitializing = new Set([...targetStates].filter(([, st]) => st === INITIALIZING).map(([stmt]) => stmt));
  const ranAfterInitialized = new Set([...targetStates].filter(([, st]) => (st & INITIALIZED) !== 0).map(([stmt]) => stmt));
  const simulated = (): string[] => [...sims.values()].filter((s) => s.ran).map((s) => s.abs);
  return { simulated, erringEntries, byStatement: found, source, edges, orderDependent: dependsOnOrder, orderDependentFiles: orderDependent, failsWhenImportedFirst, cycleOf: onCycle, alwaysPropagating, onlyWhileInitializing, ranAfterInitialized, executed: new Set(seen.keys()), ownErrorAlwaysCaught: new Set([...seen].filter(([stmt, o]) => o.has("own-error") && !reachedTop.has(stmt)).map(([stmt]) => stmt)) };
}
