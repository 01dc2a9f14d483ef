// Resolves every import statement of a file in its context: relative names, module resolution, and each from-imported name.
import type { FileContext, Identity } from "../discover/contexts.js";
import type { ImportedName, ImportStatement, ModuleFacts } from "../parse/facts.js";
import { dynamicSubmodulesHatch } from "./dynamic-submodules.js";
import type { BindingIndex, BindVerdict } from "./bindings.js";
import type { Resolution, ResolvedModule, Resolver, SearchPath } from "./resolver.js";
import type { StdlibModule } from "./stdlib-names.js";

export type RelativeResult =
  | { kind: "ok"; absolute: string; identity: Identity | null }
  | { kind: "error"; message: string; detail: string; /** Another name of the file under which it would work. */ worksAs: string | null };

export type NameVerdict =
  | { kind: "ok"; /** Set when the name is a submodule that `from M import n` imports. */ submodule?: ResolvedModule }
  | { kind: "unknown"; reason: string }
  | { kind: "missing"; target: ResolvedModule; bound: string[]; submodules: string[] };

export interface NameResult {
  name: ImportedName;
  verdict: NameVerdict;
}

export interface ImportResult {
  stmt: ImportStatement;
  /** The absolute module the statement imports, when it could be computed. */
  absolute: string | null;
  relative: RelativeResult | null;
  resolution: Resolution | null;
  names: NameResult[];
  /** Files of the submodules that `from M import a, b` imports as a fallback (they run, and may fail). */
  submoduleFiles: string[];
  /** `from M import *` where M's `__all__` lists a name M neither binds nor has as a submodule (the first one). */
  /** What `from M import *` fails on: a name M's `__all__` lists that M lacks, or (`nonString`) an item of `__all__`
   * that is no string, of that type. */
  starMissing: { name: string; target: ResolvedModule; nonString?: string } | null;
  /** `from M import n` into the standard library where the target version's M has no `n`. */
  stdlibMissing: { name: ImportedName; module: StdlibModule }[];
  /** Into an installed package, when installed packages are checked: the modules reached, and what fails. */
  installed: InstalledResult | null;
}

export interface InstalledResult {
  chain: ResolvedModule[];
  /** `import a.b.c` where the installed `a.b` has no submodule `c` (or is a plain module). */
  missing: { failedName: string; parent: ResolvedModule; notPackage: boolean } | null;
  /** For `from M import ...`: each name's verdict in the installed M. */
  names: NameResult[];
}

/** What the analyzer reads of installed packages (resolve/installed.ts): their facts, parsed on demand. */
export interface InstalledFacts {
  factsOf(abs: string): ModuleFacts | null;
}

/** `__package__` of a module with this identity (the name itself for a package's __init__). */
function packageOf(id: Identity): string {
  if (id.isPackageInit) return id.name;
  const i = id.name.lastIndexOf(".");
  return i < 0 ? "" : id.name.slice(0, i);
}

/** importlib._bootstrap._resolve_name plus _sanity_check's errors. */
export function resolveRelative(pkg: string, module: string, level: number): { ok: true; name: string } | { ok: false; message: string } {
  if (!pkg) return { ok: false, message: "attempted relative import with no known parent package" };
  const bits = pkg.split(".");
  if (bits.length < level) return { ok: false, message: "attempted relative import beyond top-level package" };
  const base = bits.slice(0, bits.length - (level - 1)).join(".");
  return { ok: true, name: module ? `${base}.${module}` : base };
}

export class ImportAnalyzer {
  constructor(
    private readonly resolver: Resolver,
    private readonly bindings: BindingIndex,
    /** Installed packages to check imports into (an environment was found); null: they are not looked into. */
    private readonly installed: InstalledFacts | null = null,
  ) {}

  /** Search path for resolving a relative import: the identity's root goes first, so its parent package is the one already imported. */
  private searchFor(ctx: FileContext, identity: Identity | null): SearchPath {
    if (!identity) return ctx.search;
    if (ctx.search.before.some((e) => e.dir === identity.root)) return ctx.search;
    return { before: [{ dir: identity.root, kind: "project" }, ...ctx.search.before], after: ctx.search.after };
  }

  /** Resolves a relative import under the file's primary name (the one its context describes). */
  relative(ctx: FileContext, stmt: ImportStatement): RelativeResult {
    const id = ctx.identities[0];
    if (!id) {
      return { kind: "error", message: "attempted relative import with no known parent package", detail: `${ctx.rel} is not inside a package on the search path`, worksAs: null };
    }
    const r = resolveRelative(packageOf(id), stmt.module, stmt.level);
    if (r.ok) return { kind: "ok", absolute: r.name, identity: id };
    const pkg = packageOf(id);
    const detail = pkg
      ? `${ctx.rel} runs as '${id.name}' (__package__ = '${pkg}'), which has ${pkg.split(".").length} level(s); the import asks for ${stmt.level}`
      : `${ctx.rel} runs as top-level module '${id.name}', so __package__ is empty`;
    const other = ctx.identities.slice(1).find((alt) => resolveRelative(packageOf(alt), stmt.module, stmt.level).ok);
    return { kind: "error", message: r.message, detail, worksAs: other?.name ?? null };
  }

  /** The module a statement imports, without looking at the imported names. */
  resolveModule(ctx: FileContext, stmt: ImportStatement): Pick<ImportResult, "absolute" | "relative" | "resolution"> {
    if (stmt.future) return { absolute: "__future__", relative: null, resolution: { kind: "stdlib", builtin: true } };
    if (stmt.level === 0) return { absolute: stmt.module, relative: null, resolution: this.resolver.resolve(stmt.module, ctx.search) };
    const relative = this.relative(ctx, stmt);
    if (relative.kind === "error") return { absolute: null, relative, resolution: null };
    return { absolute: relative.absolute, relative, resolution: this.resolver.resolve(relative.absolute, this.searchFor(ctx, relative.identity)) };
  }

  analyze(ctx: FileContext, stmt: ImportStatement): ImportResult {
    const { absolute, relative, resolution } = this.resolveModule(ctx, stmt);
    if (!resolution || stmt.future) return { stmt, absolute, relative, resolution, names: [], starMissing: null, submoduleFiles: [], stdlibMissing: [], installed: null };
    const names: NameResult[] = [];
    let starMissing: ImportResult["starMissing"] = null;
    if (stmt.kind === "from" && resolution.kind === "first-party") {
      const target = resolution.chain[resolution.chain.length - 1]!;
      for (const n of stmt.names) {
        if (n.name === "*") {
          // A module star-importing itself runs before its own __all__ exists.
          if (target.file !== ctx.abs) starMissing = this.firstMissingInAll(target);
          continue;
        }
        const self = target.file === ctx.abs ? ([stmt.range.line, stmt.range.endLine] as [number, number]) : undefined;
        names.push({ name: n, verdict: this.nameVerdict(target, n.name, self) });
      }
    }
    const submoduleFiles = names.flatMap((n) => (n.verdict.kind === "ok" && n.verdict.submodule?.file ? [n.verdict.submodule.file] : []));
    const stdlibMissing: ImportResult["stdlibMissing"] = [];
    if (stmt.kind === "from" && resolution.kind === "stdlib" && !resolution.missing && absolute) {
      const found = this.resolver.stdlibNames().lookup(absolute);
      if (found.kind === "module" && !found.module.dynamic) {
        for (const n of stmt.names) if (n.name !== "*" && !found.module.has(n.name)) stdlibMissing.push({ name: n, module: found.module });
      }
    }
    const installed = resolution.kind === "third-party" && this.installed && absolute ? this.intoInstalled(stmt, resolution.top, absolute) : null;
    return { stmt, absolute: absolute!, relative, resolution, names, starMissing, submoduleFiles, stdlibMissing, installed };
  }

  /**
   * `import a.b.c` / `from a.b import n` into an installed package: its submodules walked as CPython's finder would,
   * and the names looked up in its facts. A module that may provide submodules dynamically (six) ends the walk.
   */
  private intoInstalled(stmt: ImportStatement, top: ResolvedModule, absolute: string): InstalledResult | null {
    const facts = (m: ResolvedModule): ModuleFacts | null => (m.file ? this.installed!.factsOf(m.file) : null);
    const parts = absolute.split(".");
    const chain: ResolvedModule[] = [top];
    let current = top;
    for (let i = 1; i < parts.length; i++) {
      const failedName = parts.slice(0, i + 1).join(".");
      if (current.kind === "native" || current.kind === "bytecode") return { chain, missing: null, names: [] };
      if (chain.some((m) => dynamicSubmodulesHatch(facts(m), undefined, m.name) !== undefined)) return { chain, missing: null, names: [] };
      if (current.kind === "module") return { chain, missing: { failedName, parent: current, notPackage: true }, names: [] };
      const child = this.resolver.child(current, parts[i]!);
      if (!child) return { chain, missing: { failedName, parent: current, notPackage: false }, names: [] };
      chain.push(child);
      current = child;
    }
    const names: NameResult[] = [];
    if (stmt.kind === "from") for (const n of stmt.names) if (n.name !== "*") names.push({ name: n, verdict: this.nameVerdict(current, n.name) });
    return { chain, missing: null, names };
  }

  /** `import *` imports each `__all__` entry that is not an attribute as a submodule, then getattr()s it. */
  private firstMissingInAll(target: ResolvedModule): ImportResult["starMissing"] {
    if (!target.file || (target.kind !== "module" && target.kind !== "package")) return null;
    const all = this.bindings.allOf(target.file);
    for (const name of all ?? []) {
      if (this.nameVerdict(target, name).kind === "missing") return { name, target };
    }
    // `__all__ = ["A", A]`: the names before the item are looked up, then the item raises TypeError.
    const nonString = all === null ? this.bindings.allNonStringOf(target.file) : null;
    if (nonString) {
      for (const name of nonString.before) {
        const v = this.nameVerdict(target, name).kind;
        if (v === "missing") return { name, target };
        if (v !== "ok") return null;
      }
      if (nonString.type !== null) return { name: "", target, nonString: nonString.type };
    }
    return null;
  }

  /** `from M import n`: getattr(M, n), else (packages only) import M.n, else ImportError. */
  nameVerdict(target: ResolvedModule, name: string, exceptLines?: [number, number]): NameVerdict {
    let bound: BindVerdict;
    if (target.kind === "namespace") bound = { kind: "no", names: [] };
    else if (!target.file) return { kind: "unknown", reason: `${target.name} has no file` };
    else if (target.kind === "native" || target.kind === "bytecode") {
      // A compiled module's names are known only from a `.pyi` stub shipped beside it (installed packages).
      bound = this.installed?.factsOf(target.file) ? this.bindings.binds(target.file, name, exceptLines) : { kind: "unknown", reason: `${target.name} is compiled` };
    } else bound = this.bindings.binds(target.file, name, exceptLines);
    if (bound.kind === "yes") return { kind: "ok" };
    if (target.kind === "package" || target.kind === "namespace") {
      const child = this.resolver.child(target, name);
      if (child) return { kind: "ok", submodule: child };
    }
    if (bound.kind === "unknown") return { kind: "unknown", reason: bound.reason };
    const submodules = target.kind === "package" || target.kind === "namespace" ? this.submodulesOf(target) : [];
    return { kind: "missing", target, bound: bound.names, submodules };
  }

  private submodulesOf(pkg: ResolvedModule): string[] {
    const out = new Set<string>();
    for (const dir of pkg.searchDirs) {
      for (const [name] of this.resolver.listDir(dir)) {
        const stem = name.endsWith(".py") ? name.slice(0, -3) : name.includes(".") ? "" : name;
        if (stem && stem !== "__init__" && !stem.startsWith(".") && stem !== "__pycache__") out.add(stem);
      }
    }
    return [...out];
  }
}
