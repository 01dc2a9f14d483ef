// The whole pipeline for one repository: discover -> parse -> contexts -> resolve -> check -> filter.
import { availableParallelism } from "node:os";
import path from "node:path";
import { IMPORT_RULES, isEnabled } from "./checks/registry.js";
import { suppressing, unusedSuppressions } from "./checks/suppressions.js";
import { checkSyntax, syntaxError, unreadableDirectory } from "./checks/syntax-error.js";
import { dynamicNamespace, findCircularImports, simFile, simulateScript } from "./graph/circular.js";
import { computeImpact } from "./graph/impact.js";
import { buildModuleGraph } from "./graph/module-graph.js";
import { recordGraph } from "./graph/graph-record.js";
import { applyOrderEffects, type RawFinding } from "./graph/order-effects.js";
import { compileGlob } from "./discover/glob.js";
import { DeprecatedCatalogue } from "./checks/deprecations.js";
import { RemovedNames } from "./checks/removed-names.js";
import { DistributionVersions } from "./checks/versions.js";
import { removedApiError } from "./checks/removed-dependency-api.js";
import { catches, catchesOnlyImportErrors, gate } from "./checks/gate.js";
import { ThirdPartyIndex } from "./checks/third-party.js";
import type { CheckContext, FileAnalysis, Finding } from "./checks/types.js";
import { collectDependencies, declaredForLock } from "./config/dependencies.js";
import { findLock } from "./lockfiles/index.js";
import { moduleNameFrom, type FileContext } from "./discover/contexts.js";
import { sortDiagnostics, type RawDiagnostic } from "./diagnostic.js";
import { confirmSyntax, verdictErrors } from "./parse/confirm-syntax.js";
import { CACHE_DIR_NAME, FactsCache, stampOf, type CacheEntry } from "./cache/facts-cache.js";
import type { ParseOutcome } from "./parse/facts.js";
import { untracked, untrackedAsync } from "./cache/inputs.js";
import { TOO_LARGE, type SourceInput } from "./cache/sources.js";
import { planLoad, queuedWork, runLoad, type Loaded } from "./parse/load.js";
import { ParsePool } from "./parse/pool.js";
import { cacheKey } from "./cache/key.js";
import { getParser, newParseTimings } from "./parse/parser.js";
import { InstalledModules } from "./resolve/installed.js";
import { BindingIndex } from "./resolve/bindings.js";
import { bindingSource } from "./resolve/binding-source.js";
import { NameUses } from "./resolve/name-uses.js";
import { ImportAnalyzer, type ImportResult } from "./resolve/imports.js";
import type { ResolvedModule } from "./resolve/resolver.js";
import { prepareProject, resolverFor } from "./project.js";
import { fixContext, type Origin } from "./fix/fixers/context.js";
import { attachFixes } from "./fix/fixers/index.js";
import { clockMs } from "./clock.js";
import { outsideRoot } from "./discover/files.js";
import type { Fix } from "./fix/types.js";
import { commandScripts, entryPointModules } from "./scripts/commands.js";
import { scriptRuns } from "./scripts/contexts.js";
import { scriptSimulation } from "./scripts/simulation.js";
import { scriptFindings } from "./scripts/findings.js";

import type { AnalysisResult, AnalyzeOptions, Timings } from "./analysis.js";
import type { ImportStatement } from "./parse/facts.js";
export type { AnalysisResult, AnalysisSeed, AnalyzeOptions, Timings } from "./analysis.js";

const isSuppressed = (d: RawDiagnostic, file: FileAnalysis | undefined): boolean => suppressing(d, file) !== undefined;

function perFileIgnored(d: RawDiagnostic, matchers: [(p: string) => boolean, string[]][]): boolean {
  return matchers.some(([m, codes]) => m(d.path) && codes.some((c) => d.code.startsWith(c)));
}

/** tree-sitter recovers from errors CPython would not, and rejects a few files CPython accepts: let CPython decide. */
/** Replaces the syntax errors tree-sitter suspects with CPython's verdict; returns the files whose facts changed. */
function applySyntaxVerdicts(files: FileAnalysis[], overlaid: ReadonlySet<string>): FileAnalysis[] {
  // Errors CPython already confirmed (facts from the cache) need no second opinion.
  const suspects = files.filter((f) => f.facts && f.facts.syntaxErrors.length > 0 && !f.facts.syntaxErrors.every((e) => e.confirmed) && !overlaid.has(f.ctx.rel));
  const verdicts = confirmSyntax(suspects.map((f) => f.ctx.abs));
  const changed: FileAnalysis[] = [];
  for (const f of suspects) {
    const v = verdicts.get(f.ctx.abs);
    if (!v || !f.facts) continue;
    f.facts.syntaxErrors = verdictErrors(v);
    changed.push(f);
  }
  return changed;
}

/**
 * Each analysed file as it was read, for the result cache; null when one cannot be vouched for by stat or content
 * (unreadable: permissions change without changing the mtime). A file too large to parse is known by its size.
 */
function sourceInputs(contexts: { rel: string }[], entries: Map<string, CacheEntry>, outcomes: ParseOutcome[]): SourceInput[] | null {
  const out: SourceInput[] = [];
  for (const [i, c] of contexts.entries()) {
    const e = entries.get(c.rel);
    const o = outcomes[i]!;
    if (e) out.push({ rel: c.rel, ...stampOf(e), statAt: e.statAt, hash: e.hash, digest: e.digest });
    else if (o.kind === "too-large") out.push({ rel: c.rel, size: o.size, mtimeMs: 0, ctimeMs: 0, ino: 0, statAt: 0, hash: TOO_LARGE, digest: "" });
    else return null;
  }
  return out;
}

export async function analyze(opts: AnalyzeOptions): Promise<AnalysisResult> {
  const started = clockMs();
  const project = prepareProject(opts);
  const { root, settings, pytest, discovery, fs, env, version, minor, stdlib, layout, builder } = project;

  const timings: Timings = { discover: clockMs() - started, read: 0, parse: 0, extract: 0, load: 0, resolve: 0, check: 0, parsed: 0, cached: 0, workers: 0 };

  // Parse every file once (or take its facts from the cache).
  const loadStarted = clockMs();
  const cache = opts.cache ? (opts.factsCache ?? new FactsCache(path.join(root, CACHE_DIR_NAME), cacheKey())) : null;
  // Sources are accounted for by content (`sources` below) and the cache is not an input: neither is recorded.
  if (!opts.factsCache) untracked(() => cache?.load());
  for (const [rel, entry] of opts.parsed ?? []) cache?.prime(rel, entry);
  // Files whose stat the cache does not vouch for are read and parsed: in workers, which start now (they load the
  // grammar while the contexts are built) when the work is worth them.
  const parseTimings = newParseTimings();
  const plan = untracked(() => planLoad(discovery.pythonFiles.map((rel) => ({ rel, abs: builder.absOf(rel) })), cache, parseTimings));
  const threads = opts.threads === "cores" ? availableParallelism() : (opts.threads ?? 1);
  const work = queuedWork(plan);
  const workers = opts.threads === "cores" ? ParsePool.threadsForWork(work.files, work.bytes, threads) : ParsePool.threadsFor(work.files, threads);
  const pool = untracked(() => new ParsePool(workers));
  let contexts: FileContext[];
  let loaded: Loaded;
  try {
    contexts = discovery.pythonFiles.map((rel) => builder.build(rel));
    loaded = await untrackedAsync(() => runLoad(plan, { cache, pool, timings: parseTimings, onProgress: opts.onProgress }));
  } finally {
    await pool.close();
  }
  const files: FileAnalysis[] = contexts.map((ctx, i) => {
    // An editor's unsaved buffer stands for the file on disk (whose facts the cache keeps).
    const outcome = opts.overlay?.get(ctx.rel)?.outcome ?? loaded.outcomes[i]!;
    return { ctx, outcome, facts: outcome.kind === "ok" ? outcome.facts : null, results: [] };
  });
  const byAbs = new Map(files.map((f) => [f.ctx.abs, f]));
  const byRel = new Map(files.map((f) => [f.ctx.rel, f]));
  // A buffer's facts are the caller's: it asked CPython about its text (the file on disk may differ).
  for (const f of applySyntaxVerdicts(files, new Set(opts.overlay?.keys() ?? []))) {
    // The cache keeps the verdict (CPython is not asked again): the facts' encoded text is stale.
    const entry = loaded.entries.get(f.ctx.rel);
    if (entry) entry.encoded = undefined;
  }
  untracked(() => cache?.save(loaded.entries)); // rewrites only the shards that changed
  const sources = cache ? sourceInputs(contexts, loaded.entries, loaded.outcomes) : undefined;
  Object.assign(timings, parseTimings, { load: clockMs() - loadStarted, parsed: loaded.parsed, cached: loaded.reused, workers });
  const resolveStarted = clockMs();

  const resolver = resolverFor(project);
  const analyzerRef: { current: ImportAnalyzer | null } = { current: null };
  const setattrTargets = new Set<string>();
  const nameUses = new NameUses();
  // With an environment, imports into its packages are checked: their modules are parsed as they are reached.
  const installedCache = opts.cache && env ? new FactsCache(path.join(root, CACHE_DIR_NAME, "installed"), cacheKey()) : null;
  const installed = env && env.paths.length > 0 ? new InstalledModules(env.paths, await untrackedAsync(() => getParser()), installedCache) : null;
  const bindings = new BindingIndex(
    bindingSource({
      factsOf: (file) => byAbs.get(file)?.facts ?? installed?.factsOf(file) ?? null,
      // A file in site-packages runs under its installed name, even when the repository is inside site-packages.
      contextOf: (file) => installed?.contextOf(file) ?? byAbs.get(file)?.ctx ?? null,
      analyzer: () => analyzerRef.current,
      isSetattrTarget: (file) => setattrTargets.has(file),
      fs,
    }),
    nameUses,
  );
  const analyzer = new ImportAnalyzer(resolver, bindings, installed);
  analyzerRef.current = analyzer;

  /** `setattr(alias, ...)`: the module bound to `alias` in `f` gets names no static reading sees. */
  function markSetattrTarget(f: FileAnalysis, alias: string): void {
    for (const stmt of f.facts?.imports ?? []) {
      const r = analyzer.resolveModule(f.ctx, stmt);
      if (r.resolution?.kind !== "first-party" || r.absolute === null) continue;
      const last = r.resolution.chain[r.resolution.chain.length - 1]!;
      if (stmt.dynamic) continue; // binds nothing
      if (stmt.kind === "import" && (stmt.alias ?? stmt.module.split(".")[0]) === alias) {
        const mod = stmt.alias ? last : r.resolution.chain[0]!;
        if (mod.file) setattrTargets.add(mod.file);
      } else if (stmt.kind === "from") {
        const n = stmt.names.find((x) => (x.alias ?? x.name) === alias);
        const child = n ? resolver.child(last, n.name) : null;
        if (child?.file) setattrTargets.add(child.file);
      }
    }
  }

  // A module's name in messages is the one its importers use (src.pkg.mod vs pkg.mod): order identities by use.
  const importedAs = new Map<string, Set<string>>();
  const recorded = new Set<ResolvedModule[]>(); // resolutions are shared: most imports repeat a chain already seen
  // Files a statement of another file runs (the part of its chain that exists, even when the import fails further on),
  // and the directories of the namespace packages statements import: a file outside packages and roots that nothing
  // reaches, in a directory no import treats as a package, only runs as a script (src/scripts/contexts.ts).
  const reached = new Set<string>();
  for (const f of files) {
    for (const stmt of f.facts?.imports ?? []) {
      if (stmt.future) continue;
      const r = stmt.level > 0 ? analyzer.resolveModule(f.ctx, stmt).resolution : resolver.resolve(stmt.module, f.ctx.search);
      if (!r || !("chain" in r)) continue;
      for (const m of r.chain) {
        if (m.file && m.file !== f.ctx.abs) reached.add(m.file);
        else if (m.kind === "namespace") for (const d of m.searchDirs) reached.add(d);
      }
      if (stmt.level > 0 || r.kind !== "first-party" || recorded.has(r.chain)) continue;
      recorded.add(r.chain);
      for (const m of r.chain) if (m.file) (importedAs.get(m.file) ?? importedAs.set(m.file, new Set()).get(m.file)!).add(m.name);
    }
  }
  for (const f of files) {
    if (f.ctx.kind !== "module" || f.ctx.identities.length === 0) continue;
    // A name under which the finder reaches another file (a module file shadowing this one's directory) is not this file's.
    const reachable = f.ctx.identities.filter((id) => {
      // Imported as part of the installed project: its roots come after the stdlib (configured roots before it).
      const entry = { dir: id.root, kind: "project" as const };
      const search = layout.configuredRoots.includes(id.root) ? { before: [entry], after: [] } : { before: [], after: [entry] };
      const r = resolver.resolve(id.name, search);
      return r.kind === "first-party" && r.chain[r.chain.length - 1]!.file === f.ctx.abs;
    });
    // A name through an outer root (src.pkg.mod beside the src/ root's pkg.mod) counts only if importers use it.
    const all = f.ctx.identities;
    const inner = reachable.filter((id) => !all.some((o) => o !== id && o.root.startsWith(id.root + path.sep)) || importedAs.get(f.ctx.abs)?.has(id.name));
    if (inner.length === 0) f.ctx.unreachable = true;
    else f.ctx.identities = inner;
  }
  for (const f of files) {
    const used = importedAs.get(f.ctx.abs);
    if (!used || f.ctx.kind !== "module") continue;
    f.ctx.identities.sort((a, b) => Number(used.has(b.name)) - Number(used.has(a.name)));
    const name = f.ctx.identities[0]?.name;
    if (name) f.ctx.describe = `when ${name} is imported`;
  }

  // Which files run as scripts, and how (src/scripts/): the ones only ever run so are judged as scripts alone; a
  // module that also runs as one is judged in both contexts.
  // A console script's module is imported by the wrapper an install writes (`[project.scripts]`): a module.
  for (const name of entryPointModules(project.pyproject)) {
    const r = resolver.resolve(name, { before: [], after: layout.projectRoots.map((dir) => ({ dir, kind: "project" as const })) });
    if ("chain" in r) for (const m of r.chain) if (m.file) reached.add(m.file);
  }
  const scripts = scriptRuns(files, builder, { globs: settings.scripts, commands: commandScripts(root, fs) }, reached);

  for (const f of files) {
    for (const h of f.facts?.escapeHatches ?? []) if (h.kind === "setattr" && h.target) markSetattrTarget(f, h.target);
  }
  files.forEach((f, i) => {
    if (i % 64 === 0) opts.onProgress?.(i, files.length, "resolve");
    f.results = (f.facts?.imports ?? []).map((stmt) => analyzer.analyze(f.ctx, stmt));
  });

  const definitions = new Map<string, string[]>();
  for (const f of files) {
    for (const b of f.facts?.bindings ?? []) {
      if (b.kind !== "def" && b.kind !== "class" && b.kind !== "assign") continue;
      // Bindings come file by file: the file is new to the list unless it is already its last entry.
      const list = definitions.get(b.name) ?? definitions.set(b.name, []).get(b.name)!;
      if (list[list.length - 1] !== f.ctx.abs) list.push(f.ctx.abs);
    }
  }

  const deps = await collectDependencies(root, discovery.markers);
  const lock = env ? ({ kind: "none" } as const) : findLock(root, discovery.markers, version, declaredForLock(deps));
  const thirdParty = new ThirdPartyIndex(deps, env, settings.knownThirdParty, lock);
  const missingModule = (module: string): "certain" | "possible" | null => (stdlib.has(module.split(".")[0]!) ? null : thirdParty.missingModule(module));
  const removed = new RemovedNames();
  const versions = new DistributionVersions(deps, env, lock, new Map(Object.entries(opts.upgrades ?? {})));
  const otherFailure = (r: ImportResult): "ImportError" | "ModuleNotFoundError" | null => removedApiError(r, removed, versions);
  opts.onProgress?.(0, 0, "simulate");
  const isDynamic = (abs: string): boolean => dynamicNamespace(byAbs.get(abs)?.facts ?? null, setattrTargets.has(abs));
  const scriptSources = scriptSimulation({ files, byAbs, fs, analyze: (ctx, stmt) => analyzer.analyze(ctx, stmt), simFile: (abs, facts, results) => simFile(abs, facts, results, minor, isDynamic(abs), bindings) });
  const circular = findCircularImports(files, resolver, bindings, isDynamic, minor, missingModule, otherFailure, scriptSources);
  let stored: Set<string> | undefined;
  const cc: CheckContext = {
    root,
    version,
    minor,
    files,
    stdlib,
    deps,
    env,
    thirdParty,
    deprecated: new DeprecatedCatalogue(settings.extraDeprecatedModules),
    removed,
    versions,
    mayBeStored: (name) => (stored ??= new Set(files.flatMap((f) => f.facts?.attributeStores ?? []))).has(name),
    settings,
    fs,
    definedIn: (name) => {
      nameUses.definition(name);
      return definitions.get(name) ?? [];
    },
    factsOf: (abs) => byAbs.get(abs)?.facts ?? null,
    nameUses,
    circular: circular.byStatement,
    onlyWhileInitializing: circular.onlyWhileInitializing,
    ranAfterInitialized: circular.ranAfterInitialized,
    orderDependent: circular.orderDependent,
    inSameCycle: (a, b) => circular.cycleOf.get(a) !== undefined && circular.cycleOf.get(a) === circular.cycleOf.get(b),
  };

  timings.resolve = clockMs() - resolveStarted;
  const checkStarted = clockMs();
  opts.onProgress?.(0, 0, "check");
  const select = opts.select ?? settings.select;
  const ignore = [...settings.ignore, ...opts.ignore];
  const perFile: [(p: string) => boolean, string[]][] = Object.entries(settings.perFileIgnores).map(([glob, codes]) => [compileGlob(glob), codes]);

  const rawFindings = new Map<ImportResult, Finding[]>();
  /** A run of a file in another context than its own (a module's script run) with its own circular imports. */
  const ccOf = new WeakMap<FileAnalysis, CheckContext>();
  const findingsOf = (f: FileAnalysis, r: ImportResult): Finding[] => {
    let list = rawFindings.get(r);
    if (!list) {
      const context = ccOf.get(f) ?? cc;
      list = IMPORT_RULES.flatMap((rule) => rule.detect(r, f, context).map((x) => Object.assign(x, { code: rule.code, rule: rule.name })));
      rawFindings.set(r, list);
    }
    return list;
  };
  const handlerReachable = (f: FileAnalysis) => (tryId: number): boolean => {
    const body = f.results.filter((r) => r.stmt.context.guards.some((g) => g.tryId === tryId));
    if (body.length === 0) return true;
    const guard = body[0]!.stmt.context.guards.find((g) => g.tryId === tryId)!;
    if (!catchesOnlyImportErrors(guard.catches)) return true;
    return body.some((r) => findingsOf(f, r).some((x) => x.errorClass !== null));
  };
  /** Whether an except handler certainly runs: its try body holds an import that certainly raises what it catches. */
  const handlerCertain = (f: FileAnalysis) => (tryId: number): boolean => {
    const body = f.results.filter((r) => r.stmt.context.guards.some((g) => g.tryId === tryId));
    const guard = body[0]?.stmt.context.guards.find((g) => g.tryId === tryId);
    return guard !== undefined && body.some((r) => findingsOf(f, r).some((x) => x.severity === "error" && x.errorClass !== null && catches(guard.catches, x.errorClass)));
  };

  /**
   * The file (itself, or a conftest.py pytest loads before it) that edits sys.path before `stmt` runs, if any. For a
   * module-level import, only edits above it at module level, or in a function module-level code may call, count.
   */
  const searchPathEditor = (f: FileAnalysis, stmt: ImportStatement): string | null => {
    const atModule = stmt.context.scope !== "function";
    // Below the import, it has not run yet (a function defined below cannot have been called above either).
    if (f.facts?.escapeHatches.some((h) => h.kind === "sys.path" && !(atModule && (h.afterImport || h.line > stmt.range.line)))) return f.ctx.rel;
    if (f.ctx.kind === "module") return null;
    const segs = f.ctx.rel.split("/");
    for (let i = segs.length - 1; i >= 0; i--) {
      const conftest = [...segs.slice(0, i), "conftest.py"].join("/");
      if (byRel.get(conftest)?.facts?.escapeHatches.some((h) => h.kind === "sys.path")) return conftest;
    }
    return null;
  };

  // Every gated finding, with the first-party files its import runs through before it fails.
  const raw: RawFinding[] = [];
  const origins = new Map<RawDiagnostic, Origin>();
  /** Each gated finding of one way the file runs. */
  const diagnose = (f: FileAnalysis, into: RawFinding[], circularHere?: CheckContext["circular"]): void => {
    if (circularHere) ccOf.set(f, { ...cc, circular: circularHere });
    for (const r of f.results) {
      for (const finding of findingsOf(f, r)) {
        const { code, rule } = finding as Finding & { code: string; rule: string };
        const g = gate(finding, r.stmt, f, minor, handlerReachable(f), searchPathEditor(f, r.stmt), handlerCertain(f));
        if (!g) continue;
        const chain = r.resolution && "chain" in r.resolution ? r.resolution.chain : [];
        const d: RawDiagnostic = {
          code,
          rule,
          severity: g.severity,
          path: f.ctx.rel,
          ...finding.range,
          message: finding.message,
          runtimeError: finding.runtimeError,
          context: g.context,
          module: r.absolute,
          name: finding.name,
          notes: finding.notes,
          fix: null,
          statementLines: finding.site?.lines ?? [r.stmt.range.line, r.stmt.range.endLine],
        };
        origins.set(d, { file: f, result: r });
        into.push({
          file: f.ctx.abs,
          stmt: r.stmt,
          // The simulation already ran the chain in order for circular imports.
          via: code === "IMP007" ? [] : [...chain.map((m) => m.file), ...r.submoduleFiles].filter((x): x is string => x !== null && x !== f.ctx.abs),
          d,
        });
      }
    }
  };
  for (const f of files) {
    for (const d of checkSyntax(f)) raw.push({ d, file: f.ctx.abs, via: [], stmt: null });
    if (f.ctx.unreachable) continue; // no import can run this file: its importers get IMP003/IMP001 instead
    diagnose(f, raw);
  }
  // A module that also runs as a script: what fails only there (its directory first on sys.path, no package).
  const scriptOnly = scriptFindings(scripts.extra, {
    byAbs,
    raw,
    analyze: (ctx, stmt) => analyzer.analyze(ctx, stmt),
    diagnose,
    // `python <file>` from a fresh interpreter, its own body as the run has it and every other file as the analysis does.
    simulate: (run) => simulateScript(run.ctx, scriptSources.sourceForRun(run, circular.source), false),
  }, scriptSources.runs);
  let findingCounts: Map<string, number> | undefined;
  if (opts.fixes) {
    findingCounts = new Map();
    for (const { d } of raw) {
      if (d.severity === "info" || !isEnabled(d.code, opts.select ?? settings.select, [...settings.ignore, ...opts.ignore]) || isSuppressed(d, byRel.get(d.path)!)) continue;
      const k = `${d.code}\0${d.path}`;
      findingCounts.set(k, (findingCounts.get(k) ?? 0) + 1);
    }
  }
  const failed = new Set<string>();
  const diagnostics = [...applyOrderEffects(raw, { files, byAbs, circular, handlerReachable }, failed), ...scriptOnly.filter((x) => !x.via.some((v) => failed.has(v)))]
    .filter((x) => isEnabled(x.d.code, select, ignore))
    .map((x) => x.d);
  const only = opts.only.map((p) => p.replace(/\/+$/, "")).filter((p) => p !== "" && p !== ".");
  const inOnly = (p: string): boolean => only.some((o) => p === o || p.startsWith(o + "/"));
  // Pre-commit: a diagnostic elsewhere counts when it exists because of a changed or deleted file (the module its
  // statement imports is, or is inside, one of theirs).
  const causes: { name: string; why: string }[] = [];
  if (only.length > 0) {
    // Files named one by one (as pre-commit passes them); a directory only filters, as in ruff.
    for (const f of files) if (only.includes(f.ctx.rel)) for (const id of f.ctx.identities) causes.push({ name: id.name, why: `the change to ${f.ctx.rel}` });
    for (const rel of opts.deleted ?? []) {
      if (!rel.endsWith(".py")) continue;
      const abs = path.join(root, rel);
      for (const r of [...layout.configuredRoots, ...layout.projectRoots]) {
        const id = moduleNameFrom(r, abs);
        if (id && !causes.some((c) => c.name === id.name)) causes.push({ name: id.name, why: `deleting ${rel}` });
      }
    }
  }
  const causeOf = (d: RawDiagnostic): string | null => {
    if (!d.module || causes.length === 0) return null;
    const imported = d.name ? [d.module, `${d.module}.${d.name}`] : [d.module];
    const hit = causes.find((c) => imported.some((m) => m === c.name || m.startsWith(`${c.name}.`)));
    return hit ? hit.why : null;
  };
  // Suppressions that hide nothing any more, judged against every finding (one masked by an earlier failure counts).
  const stale = unusedSuppressions(files, raw.map((x) => x.d), (code) => isEnabled(code, select, ignore)).filter((d) => isEnabled(d.code, select, ignore));
  const kept = [...diagnostics, ...stale].filter((d) => {
    const f = byRel.get(d.path)!;
    if (isSuppressed(d, f) || perFileIgnored(d, perFile)) return false;
    if (only.length === 0 || inOnly(d.path)) return true;
    const why = causeOf(d);
    if (why) d.notes.push(`reported because of ${why}`);
    return why !== null;
  });
  if (isEnabled(syntaxError.code, select, ignore)) for (const dir of discovery.unreadableDirs ?? []) if (only.length === 0 || inOnly(dir)) kept.push(unreadableDirectory(dir));
  const identities = new Map(files.map((f) => [f.ctx.rel, f.ctx.identities[0] ? { name: f.ctx.identities[0].name, root: f.ctx.identities[0].root } : null]));
  const sorted = sortDiagnostics(kept);
  if (opts.fixes) {
    const buffers = new Map([...(opts.overlay ?? [])].map(([rel, b]) => [path.resolve(root, rel), b.text]));
    await attachFixes(sorted, origins, fixContext(cc, resolver, analyzer, files, buffers));
    // A fix edits the repository only: a configured root outside it (`../lib`) is checked, never written.
    const outside = (f: Fix): boolean => f.edits.some((e) => outsideRoot(e.path)) || f.fileOps.some((o) => outsideRoot(o.path) || (o.to !== undefined && outsideRoot(o.to)));
    for (const d of sorted) {
      if (d.fix && outside(d.fix)) d.fix = null;
      if (d.alternatives) d.alternatives = d.alternatives.filter((f) => !outside(f));
    }
  }
  timings.check = clockMs() - checkStarted;
  installed?.save();
  const impact = opts.impact ? computeImpact({ files, diagnostics: sorted, resolver, source: circular.source, edges: circular.edges, pytest, root }) : undefined;
  const graphRecord = opts.cache ? recordGraph({ root, edges: circular.edges, cycleOf: circular.cycleOf, orderDependent: circular.orderDependentFiles, attributeStores: files.flatMap((f) => f.facts?.attributeStores ?? []), simulated: circular.simulated(), erringEntries: circular.erringEntries, failing: failed, findings: raw.map((x) => x.file), importedAs, setattrTargets }) : undefined;
  const notices = lock.kind === "ignored" ? [`${lock.file} is not used: ${lock.why}; until it is updated, imports are checked against the declarations alone`] : [];
  const scriptPaths = [...files.filter((f) => f.ctx.script !== undefined).map((f) => f.ctx.rel), ...scripts.extra.map((c) => c.rel)];
  const ownDir = files.filter((f) => f.ctx.search.after.some((e) => e.kind === "script-dir")).map((f) => f.ctx.rel);
  return { root, pythonVersion: version, diagnostics: sorted, ...(notices.length > 0 ? { notices } : {}), files: files.length, identities, ...(scriptPaths.length > 0 ? { scripts: scriptPaths } : {}), ...(ownDir.length > 0 ? { ownDirLast: ownDir } : {}), ...(opts.keep ? { kept: files } : {}), durationMs: Math.round(clockMs() - started), timings, ...(sources !== undefined ? { sources } : {}), ...(graphRecord ? { seed: { discovery, listings: fs.snapshot() }, nameUses: nameUses.stored(root), graphRecord } : {}), ...(impact ? { impact } : {}), ...(findingCounts ? { findingCounts } : {}), ...(opts.graph ? { graph: buildModuleGraph(files, diagnostics, minor) } : {}) };
}
