// Whether import statements added to or removed from a file leave every other finding as it was. An import is
// inert when it reaches a module outside the repository that exists (the standard library, an installed package)
// and no rule has anything to say about it: it then adds no edge between first-party modules, nothing the
// circular-import simulation or the import order depends on, and no finding of its own. The names it binds are
// checked apart (result-cache.ts: no analysis looked them up). The stored result then holds with that file's lines
// moved, and an import added to a module costs a look at that one statement instead of a new analysis.
import path from "node:path";
import { IMPORT_RULES } from "./checks/registry.js";
import { DeprecatedCatalogue } from "./checks/deprecations.js";
import { ThirdPartyIndex } from "./checks/third-party.js";
import type { CheckContext, FileAnalysis } from "./checks/types.js";
import { collectDependencies } from "./config/dependencies.js";
import type { ImportStatement, ParseOutcome } from "./parse/facts.js";
import { prepareProject, resolverFor, type ProjectOptions } from "./project.js";
import { BindingIndex } from "./resolve/bindings.js";
import { ImportAnalyzer } from "./resolve/imports.js";
import { NameUses } from "./resolve/name-uses.js";

/** Statements added to or removed from one file, with the parse outcome each belongs to. */
export interface ImportEdit {
  rel: string;
  added: ImportStatement[];
  removed: ImportStatement[];
  before: ParseOutcome;
  after: ParseOutcome;
}

/** Thrown when answering would need the rest of the repository: then the statement is not known to be inert. */
class NeedsRepository {
  constructor(readonly what: string) {}
}

const needs = (what: string): never => {
  throw new NeedsRepository(what);
};

/** Null when every statement is inert; else why one is not. */
export type InertImports = (opts: ProjectOptions, edits: ImportEdit[]) => Promise<string | null>;

export const inertImports: InertImports = async (opts, edits) => {
  const project = prepareProject(opts);
  const { root, settings, discovery, env, minor, stdlib, builder, fs } = project;
  const resolver = resolverFor(project);
  const nameUses = new NameUses();
  // A statement reaching no first-party module never asks for a module's names: any such question means it is not inert.
  const bindings = new BindingIndex(
    {
      factsOf: () => needs("the names of a first-party module"),
      starTarget: () => needs("a star import"),
      submodules: () => needs("the submodules of a package"),
      isSetattrTarget: () => needs("setattr targets"),
      importAlwaysFails: () => needs("another import"),
    },
    nameUses,
  );
  const analyzer = new ImportAnalyzer(resolver, bindings);
  const deps = await collectDependencies(root, discovery.markers);
  let analysed: Set<string> | null = null;
  const isAnalysed = (file: string): boolean => (analysed ??= new Set(discovery.pythonFiles.map((rel) => path.join(root, ...rel.split("/"))))).has(file);
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
    thirdParty: new ThirdPartyIndex(deps, env, settings.knownThirdParty),
    deprecated: new DeprecatedCatalogue(settings.extraDeprecatedModules),
    settings,
    fs,
    // Exact for a statement that reaches no first-party module: the simulation never fails it.
    onlyWhileInitializing: new Set(),
    ranAfterInitialized: new Set(),
    circular: new Map(),
    orderDependent: () => needs("the import cycles"),
    inSameCycle: () => needs("the import cycles"),
    factsOf: () => needs("the facts of another file"),
    definedIn: () => needs("every file's definitions"),
    nameUses,
  };
  for (const edit of edits) {
    const ctx = builder.build(edit.rel);
    for (const [stmts, outcome] of [[edit.added, edit.after], [edit.removed, edit.before]] as const) {
      const facts = outcome.kind === "ok" ? outcome.facts : null;
      for (const stmt of stmts) {
        const at = `${edit.rel}:${stmt.range.line}`;
        if (stmt.future || stmt.level > 0) return `${at}: a ${stmt.future ? "__future__" : "relative"} import`;
        if (stmt.names.some((n) => n.name === "*")) return `${at}: a star import`;
        // A try body's imports decide whether its handlers run (and so whether their findings stand).
        if (stmt.context.guards.length > 0 || stmt.context.inHandlerOf !== null) return `${at}: an import in a try statement`;
        try {
          const r = analyzer.analyze(ctx, stmt);
          const res = r.resolution;
          if (res?.kind !== "stdlib" && res?.kind !== "third-party") return `${at}: resolves ${res ? `as ${res.kind}` : "to nothing"}`;
          if (res.kind === "third-party" && res.top.file !== null && isAnalysed(res.top.file)) return `${at}: reaches an analysed file`;
          const file: FileAnalysis = { ctx, outcome, facts, results: [r] };
          for (const rule of IMPORT_RULES) if (rule.detect(r, file, cc).length > 0) return `${at}: ${rule.code} applies`;
        } catch (e) {
          if (e instanceof NeedsRepository) return `${at}: depends on ${e.what}`;
          throw e;
        }
      }
    }
  }
  const looked = nameUses.stored(root);
  if (looked.whole.length + looked.names.length + looked.defined.length > 0) return "a rule looked at module names";
  return null;
};
