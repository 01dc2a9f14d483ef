// Resolves every import statement of a file in its context: relative names, module resolution, and each from-imported name.
import path from "node:path";
import type { FileContext, Identity } from "../discover/contexts.js";
import type { ImportedName, ImportStatement } from "../parse/facts.js";
import type { BindingIndex, BindVerdict } from "./bindings.js";
import type { Resolution, ResolvedModule, Resolver, SearchPath } from "./resolver.js";

export type RelativeResult =
  | { kind: "ok"; absolute: string; identity: Identity | null }
  | { kind: "error"; message: string; detail: string };

export type NameVerdict =
  | { kind: "ok" }
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
  ) {}

  /** Search path for resolving a relative import: the identity's root goes first, so its parent package is the one already imported. */
  private searchFor(ctx: FileContext, identity: Identity | null): SearchPath {
    if (!identity) return ctx.search;
    if (ctx.search.before.some((e) => e.dir === identity.root)) return ctx.search;
    return { before: [{ dir: identity.root, kind: "project" }, ...ctx.search.before], after: ctx.search.after };
  }

  relative(ctx: FileContext, stmt: ImportStatement): RelativeResult {
    if (ctx.identities.length === 0) {
      return { kind: "error", message: "attempted relative import with no known parent package", detail: `${ctx.rel} is not inside a package on the search path` };
    }
    let firstError: { message: string; identity: Identity } | null = null;
    for (const id of ctx.identities) {
      const r = resolveRelative(packageOf(id), stmt.module, stmt.level);
      if (r.ok) return { kind: "ok", absolute: r.name, identity: id };
      firstError ??= { message: r.message, identity: id };
    }
    const id = firstError!.identity;
    const pkg = packageOf(id);
    const detail = pkg
      ? `${ctx.rel} runs as '${id.name}' (__package__ = '${pkg}'), which has ${pkg.split(".").length} level(s); the import asks for ${stmt.level}`
      : `${ctx.rel} runs as top-level module '${id.name}', so __package__ is empty`;
    return { kind: "error", message: firstError!.message, detail };
  }

  analyze(ctx: FileContext, stmt: ImportStatement): ImportResult {
    let absolute: string | null = stmt.module;
    let relative: RelativeResult | null = null;
    let search = ctx.search;
    if (stmt.future) return { stmt, absolute: "__future__", relative: null, resolution: { kind: "stdlib", builtin: true }, names: [] };
    if (stmt.level > 0) {
      relative = this.relative(ctx, stmt);
      if (relative.kind === "error") return { stmt, absolute: null, relative, resolution: null, names: [] };
      absolute = relative.absolute;
      search = this.searchFor(ctx, relative.identity);
    }
    const resolution = this.resolver.resolve(absolute, search);
    const names: NameResult[] = [];
    if (stmt.kind === "from" && resolution.kind === "first-party") {
      const target = resolution.chain[resolution.chain.length - 1]!;
      for (const n of stmt.names) {
        if (n.name === "*") continue;
        names.push({ name: n, verdict: this.nameVerdict(target, n.name) });
      }
    }
    return { stmt, absolute, relative, resolution, names };
  }

  /** `from M import n`: getattr(M, n), else (packages only) import M.n, else ImportError. */
  nameVerdict(target: ResolvedModule, name: string): NameVerdict {
    let bound: BindVerdict;
    if (target.kind === "namespace") bound = { kind: "no", names: [] };
    else if (target.kind === "native" || target.kind === "bytecode" || !target.file) return { kind: "unknown", reason: `${target.name} is compiled` };
    else bound = this.bindings.binds(target.file, name);
    if (bound.kind === "yes") return { kind: "ok" };
    if (target.kind === "package" || target.kind === "namespace") {
      if (this.resolver.child(target, name)) return { kind: "ok" };
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

export function displayPath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}
