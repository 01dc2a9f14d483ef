// Whether import statements added to or removed from a file leave every other finding as it was: then the stored
// result holds with that file's lines moved, and an import added to a module costs a look at that one statement
// instead of a new analysis. The names a statement binds are checked apart (result-cache.ts: no analysis looked
// them up). A statement is inert when no rule has anything to say about it, it is not a star or __future__ import,
// no try statement holds it (its imports decide whether the handlers run), and:
// - it reaches a module outside the repository that exists (the standard library, an installed package): it adds
//   no edge between first-party modules, nothing the circular-import simulation or the import order depends on;
// - or it is added and reaches first-party modules, and the stored analysis's import graph (graph-record.ts) says
//   that nothing else can change: no simulation ran the importing module as an import (so none runs the new
//   statement but the module's own, as an entry into a cycle, when it is one: see below), the
//   modules it reaches do not reach back to it (no cycle appears), neither they nor the importing module fail or
//   have findings (no failure to propagate, nothing to mask), and a module with several names is imported by one
//   some import already uses (the name it goes by stays). When a statement reaches a module on an import cycle, the
//   module becomes a new entry of the circular-import search (circular.ts), or stays one: that one simulation runs
//   here, over the stored facts, and must meet no circular-import error, nor any error raised by a statement on a
//   cycle (nor must the one it replaces have met one: graph-record.ts keeps which did); the files it ran join the
//   graph's simulated ones.
//   Its own check reads the facts of the modules it reaches from the cache, and the names it looks up there join
//   the stored record of names looked at.
import path from "node:path";
import { CACHE_DIR_NAME, FactsCache } from "./cache/facts-cache.js";
import { untracked } from "./cache/inputs.js";
import { cacheKey } from "./cache/key.js";
import { IMPORT_RULES } from "./checks/registry.js";
import { DeprecatedCatalogue } from "./checks/deprecations.js";
import { RemovedNames } from "./checks/removed-names.js";
import { DistributionVersions } from "./checks/versions.js";
import { ThirdPartyIndex } from "./checks/third-party.js";
import type { CheckContext, FileAnalysis } from "./checks/types.js";
import { collectDependencies, declaredForLock } from "./config/dependencies.js";
import { findLock } from "./lockfiles/index.js";
import type { FileContext } from "./discover/contexts.js";
import { relativePosix } from "./discover/files.js";
import { ownDirLast } from "./scripts/contexts.js";
import { dynamicNamespace, eager, edgeTargets, meetsErrorThatCounts, simFile, simulateEntry, simulateScript, simulationSource } from "./graph/circular.js";
import { reaches, type GraphRecord } from "./graph/graph-record.js";
import type { SimFile, SimulationResult, SimulationSource } from "./graph/simulate.js";
import type { ImportStatement, ModuleFacts, ParseOutcome } from "./parse/facts.js";
import { prepareProject, resolverFor, type ProjectOptions } from "./project.js";
import { bindingSource } from "./resolve/binding-source.js";
import { BindingIndex } from "./resolve/bindings.js";
import { ImportAnalyzer, type ImportResult } from "./resolve/imports.js";
import { NameUses, type StoredNameUses } from "./resolve/name-uses.js";

/** Statements added to or removed from one file, with the parse outcome each belongs to. */
export interface ImportEdit {
  rel: string;
  added: ImportStatement[];
  removed: ImportStatement[];
  before: ParseOutcome;
  after: ParseOutcome;
}

/** What the check needs of the stored analysis. */
export interface StoredAnalysis {
  /** Read when a first-party statement needs it (null: the stored result has none). */
  graph(): GraphRecord | null;
  /** The name the analysis gave each file (its first identity), by root-relative path. */
  identities: Map<string, { name: string; root: string } | null>;
  /** Files the analysis judged as scripts (alone when their identity is null, else beside their module context). */
  scripts: Set<string>;
  /** Modules outside packages whose own directory the analysis searched last. */
  ownDirLast: Set<string>;
  /** The digest of the facts the analysis had of each file. */
  digests: Map<string, string>;
  /** Files whose facts changed since the analysis (the cache may hold their new facts, or their old ones). */
  changed: Set<string>;
}

/** Thrown when answering would need more than the check can read: then the statement is not known to be inert. */
class NeedsMore {
  constructor(readonly what: string) {}
}

const needs = (what: string): never => {
  throw new NeedsMore(what);
};

/**
 * Why some statement is not inert; else the names the check looked up (to add to the stored record), and the import
 * graph with the edges and names of the first-party statements added (null when there are none).
 */
export type InertImports = (opts: ProjectOptions, edits: ImportEdit[], stored: StoredAnalysis) => Promise<string | { names: StoredNameUses; graph: GraphRecord | null }>;

/** The stored import graph in the form the check asks it questions (null when there is none). */
function graphOf(record: GraphRecord | null) {
  if (!record) return null;
  const has = (list: string[]): ((x: string) => boolean) => {
    const set = new Set(list);
    return (x) => set.has(x);
  };
  const cycleOf = new Map<string, number>();
  record.cycles.forEach((files, i) => files.forEach((file) => cycleOf.set(file, i)));
  return {
    record,
    edges: new Map(record.edges.map(([from, out]) => [from, new Set(out)])),
    importedAs: new Map(record.importedAs.map(([file, names]) => [file, new Set(names)])),
    simulated: new Set(record.simulated),
    erring: has(record.erringEntries),
    failing: has(record.failing),
    findings: has(record.findings),
    cycleOf,
    orderDependent: has(record.orderDependent),
    attributeStores: has(record.attributeStores),
    setattr: has(record.setattrTargets),
  };
}

export const inertImports: InertImports = async (opts, edits, stored) => {
  const project = prepareProject(opts);
  const { root, settings, discovery, env, minor, stdlib, builder, fs } = project;
  const resolver = resolverFor(project);
  const nameUses = new NameUses();
  const relOf = (abs: string): string => relativePosix(root, abs);
  const analysed = new Set(discovery.pythonFiles);
  const edited = new Map(edits.map((e) => [e.rel, e]));
  const read = new FactsCache(path.join(root, CACHE_DIR_NAME), cacheKey()).reader();

  // Facts as the stored analysis had them (an edited file's new ones): only a file unchanged since can be read.
  const factsOf = (abs: string): ModuleFacts | null => {
    const rel = relOf(abs);
    if (!analysed.has(rel)) return null;
    const edit = edited.get(rel);
    if (edit) return edit.after.kind === "ok" ? edit.after.facts : null;
    if (stored.changed.has(rel)) return needs("the facts of another file changed since");
    const entry = untracked(() => read(rel)); // the cache is not an input: the digest says these are the facts
    if (!entry || entry.digest !== stored.digests.get(rel)) return needs("facts the cache no longer holds");
    if (entry.outcome.kind !== "ok") return null;
    // The analysis asked CPython about these; its verdict is not in the cache.
    if (entry.outcome.facts.syntaxErrors.length > 0) return needs("the facts of a file with syntax errors");
    return entry.outcome.facts;
  };
  // A file's context with the name the analysis gave it first (importers' use decides it: analyze.ts).
  const contexts = new Map<string, FileContext>();
  const contextOf = (abs: string): FileContext | null => {
    const rel = relOf(abs);
    if (!analysed.has(rel)) return null;
    let ctx = contexts.get(rel);
    if (ctx) return ctx;
    ctx = builder.build(rel);
    const id = stored.identities.get(rel);
    // A file the analysis judged as a script alone runs as one (src/scripts/contexts.ts).
    if (id === null && stored.scripts.has(rel) && ctx.script === undefined) ctx = builder.scriptContext(rel);
    else if (stored.ownDirLast.has(rel)) ctx = ownDirLast(ctx);
    if (id === undefined || (id === null && ctx.identities.length > 0)) return needs("the name the analysis gave a file");
    if (id) {
      const first = ctx.identities.find((x) => x.name === id.name && x.root === id.root) ?? needs("the name the analysis gave a file");
      ctx.identities = [first, ...ctx.identities.filter((x) => x !== first)];
    }
    contexts.set(rel, ctx);
    return ctx;
  };
  // The import graph, read when a first-party statement needs it, as the statements accepted so far leave it.
  let graphState: ReturnType<typeof graphOf> | undefined;
  const graph = (): ReturnType<typeof graphOf> => (graphState ??= graphOf(stored.graph()));
  const analyzerRef: { current: ImportAnalyzer | null } = { current: null };
  const bindings = new BindingIndex(
    bindingSource({ factsOf, contextOf, analyzer: () => analyzerRef.current, isSetattrTarget: (abs) => (graph()?.setattr(relOf(abs)) ?? needs("setattr targets")), fs }),
    nameUses,
  );
  const analyzer = (analyzerRef.current = new ImportAnalyzer(resolver, bindings));
  const deps = await collectDependencies(root, discovery.markers);
  const cycleOf = (rel: string): number | undefined => (graph() ?? needs("the import cycles")).cycleOf.get(rel);
  const onCycle = (rel: string): boolean => cycleOf(rel) !== undefined;
  const lock = env ? ({ kind: "none" } as const) : findLock(root, discovery.markers, project.version, declaredForLock(deps));
  const cc: CheckContext = {
    root,
    version: project.version,
    minor,
    get files() {
      return needs("every file");
    },
    stdlib,
    deps,
    env,
    thirdParty: new ThirdPartyIndex(deps, env, settings.knownThirdParty, lock),
    versions: new DistributionVersions(deps, env, lock, new Map(Object.entries(opts.upgrades ?? {}))),
    deprecated: new DeprecatedCatalogue(settings.extraDeprecatedModules),
    removed: new RemovedNames(),
    mayBeStored: (name) => (graph() ?? needs("the attribute stores")).attributeStores(name),
    settings,
    fs,
    // Exact for a statement no simulation runs (outside first-party code, or in a module none ran).
    onlyWhileInitializing: new Set(),
    ranAfterInitialized: new Set(),
    circular: new Map(),
    orderDependent: () => needs("the import cycles"),
    inSameCycle: (a, b) => (onCycle(relOf(a)) && onCycle(relOf(b)) ? needs("the import cycles") : false),
    factsOf,
    definedIn: () => needs("every file's definitions"),
    nameUses,
  };

  let grown = false;
  /** Files that import into a cycle now and did not before (each an entry the circular-import search simulates). */
  const newEntries = new Set<string>();

  // The circular-import simulation, over the files as the stored analysis had them (circular.ts builds the same).
  const sims = new Map<string, SimFile | null>();
  const simOf = (abs: string): SimFile | null => {
    let sim = sims.get(abs);
    if (sim !== undefined) return sim;
    const facts = factsOf(abs);
    const ctx = facts && contextOf(abs);
    const g = graph() ?? needs("the import graph");
    sim = facts && ctx ? simFile(abs, facts, facts.imports.map((stmt) => analyzer.analyze(ctx, stmt)), minor, dynamicNamespace(facts, g.setattr(relOf(abs))), bindings) : null;
    sims.set(abs, sim);
    return sim;
  };
  const source = (): SimulationSource => {
    const g = graph() ?? needs("the import graph");
    return simulationSource({
      file: simOf,
      resolver,
      factsOf,
      missingModule: (module) => (stdlib.has(module.split(".")[0]!) ? null : cc.thirdParty.missingModule(module)),
      maybeStored: (attr) => g.attributeStores(attr),
      sameCycle: (a, b) => onCycle(relOf(a)) && cycleOf(relOf(a)) === cycleOf(relOf(b)),
      orderDependent: (file) => (g.orderDependent(relOf(file)) ? needs("a cycle whose names depend on the import order") : false),
      nameUses,
    });
  };

  /** Why a first-party statement added to `rel` is not inert, or null (then the graph takes it in). */
  const firstPartyWhy = (rel: string, r: ImportResult): string | null => {
    const g = graph();
    if (!g) return "the stored result has no import graph";
    const { edges, importedAs, simulated, failing, findings, erring } = g;
    if (simulated.has(rel) || onCycle(rel)) return "a simulated import runs the module";
    // A way into a cycle already: its own simulation runs the statement, and is run again below. What the one
    // before found (if anything) the stored findings hold; then it is not known that nothing changes.
    const entryNow = [...(edges.get(rel) ?? [])].some(onCycle);
    if (entryNow && erring(rel)) return "the module's way into an import cycle meets an error";
    if (entryNow) newEntries.add(rel);
    if (failing(rel) || findings(rel)) return "the module fails or has findings";
    const reached = edgeTargets(r, resolver).map(relOf);
    if (reached.some((x) => !analysed.has(x))) return "it reaches a module the analysis did not read";
    // Whether a file outside packages and roots runs as a script or as a module depends on who imports it.
    if (reached.some((x) => builder.placeOf(x) === "loose")) return "it reaches a file outside packages, which may run as a script";
    // A namespace package an import reaches makes the files in it modules (src/scripts/contexts.ts): one that holds a
    // file judged as a script alone may change how that file runs.
    const namespaces = r.resolution?.kind === "first-party" ? r.resolution.chain.filter((m) => m.kind === "namespace").flatMap((m) => m.searchDirs.map((d) => relOf(d) + "/")) : [];
    if (namespaces.length > 0 && [...stored.scripts].some((s) => stored.identities.get(s) === null && namespaces.some((d) => s.startsWith(d)))) return "it imports a namespace package that holds a script";
    if (reached.some((x) => failing(x) || findings(x))) return "it reaches a module that fails or has findings";
    // The module becomes one more entry into the cycle: simulated below, once every statement is in.
    if (eager(r, minor) && reached.some((x) => onCycle(x))) newEntries.add(rel);
    if (reaches(edges, reached, rel)) return "it closes an import cycle";
    const chain = r.stmt.level === 0 && r.resolution?.kind === "first-party" ? r.resolution.chain : [];
    const names = chain.flatMap((m) => (m.file ? [[relOf(m.file), m.name, m.file] as const] : []));
    // A module with several names (under nested roots) goes by the one its importers use (analyze.ts).
    for (const [file, name, abs] of names) if (!importedAs.get(file)?.has(name) && contextOf(abs)!.identities.length > 1) return `a new name for ${name}, which has several`;
    // In: as circular.ts makes the graph (a statement that may run at module level), and as analyze.ts names modules.
    if (eager(r, minor)) for (const file of reached) (edges.get(rel) ?? edges.set(rel, new Set()).get(rel)!).add(file);
    for (const [file, name] of names) (importedAs.get(file) ?? importedAs.set(file, new Set()).get(file)!).add(name);
    grown = true;
    return null;
  };

  /** The file a simulated statement is in. */
  const fileOf = (stmt: ImportStatement): string | null => [...sims.values()].find((x) => x?.imports.some((r) => r.stmt === stmt))?.abs ?? null;
  /** Where a simulation's error came from, for the reason given (`--timings`). */
  const describeFailure = (outcome: SimulationResult): string => {
    if (outcome.circular) return `a circular import at ${relOf(outcome.circular.file)}:${outcome.circular.stmt.range.line}`;
    if (outcome.topFile) return `${relOf(outcome.topFile)} cannot be compiled`;
    const stmt = outcome.topOrigin;
    if (!stmt) return "an error";
    const file = fileOf(stmt);
    return `the import of ${stmt.module || "."} at ${file ? relOf(file) : "?"}:${stmt.range.line}`;
  };

  for (const edit of edits) {
    let ctx: FileContext | null;
    try {
      ctx = contextOf(path.resolve(root, edit.rel));
    } catch (e) {
      if (e instanceof NeedsMore) return `${edit.rel}: depends on ${e.what}`;
      throw e;
    }
    if (!ctx) return `${edit.rel} was not analysed`;
    // A module that also runs as a script: that second context is not modelled here.
    if (stored.scripts.has(edit.rel) && ctx.script === undefined) return `${edit.rel} also runs as a script`;
    for (const [stmts, outcome, added] of [[edit.added, edit.after, true], [edit.removed, edit.before, false]] as const) {
      const facts = outcome.kind === "ok" ? outcome.facts : null;
      for (const stmt of stmts) {
        const at = `${edit.rel}:${stmt.range.line}`;
        if (stmt.future) return `${at}: a __future__ import`;
        if (stmt.names.some((n) => n.name === "*")) return `${at}: a star import`;
        if (stmt.context.guards.length > 0 || stmt.context.inHandlerOf !== null) return `${at}: an import in a try statement`;
        try {
          const r = analyzer.analyze(ctx, stmt);
          const res = r.resolution;
          if (res?.kind === "first-party" && added) {
            const why = firstPartyWhy(edit.rel, r);
            if (why) return `${at}: ${why}`;
          } else if (res?.kind === "first-party" && res.chain.some((m) => m.file !== null && builder.placeOf(relOf(m.file)) === "loose")) {
            return `${at}: removed, it reached a file outside packages, which may run as a script`;
          } else if (res?.kind === "third-party") {
            if (res.top.file !== null && analysed.has(relOf(res.top.file))) return `${at}: reaches an analysed file`;
            // Its submodules and names are checked against the installed package, which this check does not read.
            if (env && (stmt.kind === "from" || stmt.module.includes("."))) return `${at}: reaches into an installed package`;
          } else if (res?.kind !== "stdlib") return `${at}: ${added ? "" : "removed, "}resolves ${res ? `as ${res.kind}` : "to nothing"}`;
          const file: FileAnalysis = { ctx, outcome, facts, results: [r] };
          for (const rule of IMPORT_RULES) if (rule.detect(r, file, cc).length > 0) return `${at}: ${rule.code} applies`;
        } catch (e) {
          if (e instanceof NeedsMore) return `${at}: depends on ${e.what}`;
          throw e;
        }
      }
    }
  }
  if (newEntries.size > 0) {
    try {
      const src = source();
      for (const rel of newEntries) {
        const ctx = contextOf(path.resolve(root, rel))!;
        const outcome = ctx.script !== undefined ? simulateScript(ctx, src, false) : simulateEntry(ctx, resolver, src, false);
        if (outcome && meetsErrorThatCounts(outcome, (stmt) => onCycle(relOf(fileOf(stmt) ?? needs("where an error came from")))))
          return `${rel}: imported first, it meets an error (it now imports into a cycle): ${describeFailure(outcome)}`;
      }
    } catch (e) {
      if (e instanceof NeedsMore) return `a new entry into an import cycle: depends on ${e.what}`;
      throw e;
    }
    // What the simulations ran: a later edit there is one some simulation runs.
    for (const sim of sims.values()) if (sim?.ran) graph()!.simulated.add(relOf(sim.abs));
  }
  const g = grown ? graph() : null;
  const grownGraph = g ? { ...g.record, simulated: [...g.simulated], edges: [...g.edges].map(([from, out]): [string, string[]] => [from, [...out]]), importedAs: [...g.importedAs].map(([file, names]): [string, string[]] => [file, [...names]]) } : null;
  return { names: nameUses.stored(root), graph: grownGraph };
};
