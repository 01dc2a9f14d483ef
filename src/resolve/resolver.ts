// CPython's PathFinder over a search path: first loader wins, namespace portions merge, dotted names walk parents' __path__.
import path from "node:path";
import type { FsView } from "./fs.js";
import { findInDir } from "./finder.js";
import type { Stdlib } from "./stdlib.js";
import type { StdlibNames } from "./stdlib-names.js";

/** One sys.path entry and why it is there (for notes). */
export interface SearchEntry {
  dir: string;
  kind: "pytest-rootdir" | "script-dir" | "pythonpath" | "configured" | "project" | "site-packages";
  /** A file this entry never provides: a module's own directory, searched for its siblings, is not searched for it. */
  except?: string;
}

/** The stdlib sits between the entries inserted before it (script dir, pytest, PYTHONPATH) and the installed ones. */
export interface SearchPath {
  before: SearchEntry[];
  after: SearchEntry[];
  /** Stdlib modules already in sys.modules when this context imports anything (pytest's own imports). */
  preloaded?: ReadonlySet<string>;
}

export type ModuleKind = "package" | "module" | "native" | "bytecode" | "namespace";

export interface ResolvedModule {
  /** Full dotted name. */
  name: string;
  kind: ModuleKind;
  /** The file that runs (package __init__ or module file); null for namespace packages. */
  file: string | null;
  /** __path__ for packages and namespace packages; empty for modules. */
  searchDirs: string[];
  /** Which entry the top-level component came from. */
  entry: SearchEntry;
}

export type Resolution =
  | { kind: "first-party"; chain: ResolvedModule[] }
  | { kind: "third-party"; entry: SearchEntry; top: ResolvedModule }
  | { kind: "stdlib"; builtin: boolean; /** A submodule the target version's standard library does not have. */ missing?: StdlibMissing }
  | { kind: "not-found-top"; searched: SearchEntry[] }
  | { kind: "missing"; chain: ResolvedModule[]; failedName: string; searched: string[] }
  | { kind: "not-a-package"; chain: ResolvedModule[]; failedName: string; parent: ResolvedModule }
  | { kind: "opaque"; chain: ResolvedModule[]; reason: string };

/** `import a.b.c` into the standard library where `a.b` has no submodule `c` on the target version. */
export interface StdlibMissing {
  failedName: string;
  parent: string;
  /** The parent is a plain module ("… 'os' is not a package"). */
  parentIsModule: boolean;
}

export interface ResolverOptions {
  fs: FsView;
  stdlib: Stdlib;
  minor: number;
  /** Absolute directories whose contents count as first-party (the repository root, configured roots outside it). */
  firstPartyRoots: string[];
  /**
   * Top-level packages a meta path finder ahead of every other finder provides, by name, with the package directory
   * and the site-packages directory it is in: setuptools' `distutils` shim.
   */
  metaPath?: ReadonlyMap<string, { dir: string; site: string }>;
}

function within(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export class Resolver {
  /** Resolutions by search path (its directories in order) and dotted name. */
  private readonly cache = new Map<string, Map<string, Resolution>>();
  private readonly bySearch = new WeakMap<SearchPath, Map<string, Resolution>>();
  /** Children looked up by `child`, by parent. */
  private readonly children = new WeakMap<ResolvedModule, Map<string, ResolvedModule | null>>();
  constructor(private readonly opts: ResolverOptions) {}

  private entryIsFirstParty(e: SearchEntry): boolean {
    return e.kind !== "site-packages" && this.opts.firstPartyRoots.some((r) => within(e.dir, r));
  }

  /** Resolves the top-level component across the search path (PathFinder._get_spec). */
  private resolveTop(name: string, entries: SearchEntry[]): ResolvedModule | null {
    const { fs, minor } = this.opts;
    const portions: string[] = [];
    let firstPortionEntry: SearchEntry | null = null;
    for (const entry of entries) {
      const found = findInDir(fs, entry.dir, name, minor);
      if (!found) continue;
      if (found.kind === "namespace") {
        portions.push(found.dir);
        firstPortionEntry ??= entry;
        continue;
      }
      if (entry.except !== undefined && (found.kind === "package" ? found.init : found.file) === entry.except) continue;
      if (found.kind === "package") {
        return { name, kind: found.initKind === "source" ? "package" : found.initKind === "native" ? "native" : "bytecode", file: found.init, searchDirs: [found.dir], entry };
      }
      return { name, kind: found.kind, file: found.file, searchDirs: [], entry };
    }
    if (portions.length > 0 && firstPortionEntry) return { name, kind: "namespace", file: null, searchDirs: portions, entry: firstPortionEntry };
    return null;
  }

  /** Resolves a child inside a package's __path__. */
  private resolveChild(parent: ResolvedModule, part: string): ResolvedModule | null {
    const { fs, minor } = this.opts;
    const name = `${parent.name}.${part}`;
    const portions: string[] = [];
    for (const dir of parent.searchDirs) {
      const found = findInDir(fs, dir, part, minor);
      if (!found) continue;
      if (found.kind === "namespace") {
        portions.push(found.dir);
        continue;
      }
      if (found.kind === "package") {
        if (found.initKind !== "source") return { name, kind: found.initKind === "native" ? "native" : "bytecode", file: found.init, searchDirs: [found.dir], entry: parent.entry };
        return { name, kind: "package", file: found.init, searchDirs: [found.dir], entry: parent.entry };
      }
      return { name, kind: found.kind, file: found.file, searchDirs: [], entry: parent.entry };
    }
    if (portions.length > 0) return { name, kind: "namespace", file: null, searchDirs: portions, entry: parent.entry };
    return null;
  }

  /** The resolutions made with a search path equal to this one (search paths are never changed once made). */
  private cacheFor(search: SearchPath): Map<string, Resolution> {
    let cache = this.bySearch.get(search);
    if (!cache) {
      const dirOf = (e: SearchEntry): string => (e.except === undefined ? e.dir : `${e.dir}\0!${e.except}`);
      const key = `${search.preloaded ? "p" : ""}${search.before.map(dirOf).join("\0")}\0|${search.after.map(dirOf).join("\0")}`;
      cache = this.cache.get(key) ?? this.cache.set(key, new Map()).get(key)!;
      this.bySearch.set(search, cache);
    }
    return cache;
  }

  /** Resolves an absolute dotted module name as `import name` would, with this search path. */
  resolve(dotted: string, search: SearchPath): Resolution {
    const cache = this.cacheFor(search);
    let r = cache.get(dotted);
    if (!r) {
      r = this.resolveUncached(dotted, search);
      cache.set(dotted, r);
    }
    return r;
  }

  private resolveUncached(dotted: string, search: SearchPath): Resolution {
    const parts = dotted.split(".");
    const top = parts[0]!;
    const { stdlib } = this.opts;
    const shim = this.opts.metaPath?.get(top);
    if (shim) {
      const entry: SearchEntry = { dir: shim.site, kind: "site-packages" };
      return { kind: "third-party", entry, top: { name: top, kind: "package", file: path.join(shim.dir, "__init__.py"), searchDirs: [shim.dir], entry } };
    }
    if (stdlib.isUnshadowable(top)) return this.stdlibResolution(parts, true);
    if (search.preloaded?.has(top) && stdlib.has(top)) return this.stdlibResolution(parts, false);
    let first = this.resolveTop(top, search.before);
    if (first === null || first.kind === "namespace") {
      // The stdlib directory comes next on sys.path: a stdlib module or package beats later entries and earlier namespace portions.
      if (stdlib.has(top)) return this.stdlibResolution(parts, false);
      const later = this.resolveTop(top, search.after);
      if (first === null) first = later;
      else if (later && later.kind !== "namespace") first = later;
      else if (later) first = { ...first, searchDirs: [...first.searchDirs, ...later.searchDirs] };
    }
    // CPython's own test modules, when nothing first-party has the name (interpreters that lack them would fail anyway).
    if (!first && stdlib.tests.has(top)) return this.stdlibResolution(parts, false);
    if (!first) return { kind: "not-found-top", searched: [...search.before, ...search.after] };
    if (!this.entryIsFirstParty(first.entry)) return { kind: "third-party", entry: first.entry, top: first };
    const chain: ResolvedModule[] = [first];
    let current = first;
    for (let i = 1; i < parts.length; i++) {
      const name = parts.slice(0, i + 1).join(".");
      if (current.kind === "native" || current.kind === "bytecode") return { kind: "opaque", chain, reason: `${current.name} is compiled (${path.basename(current.file ?? "")})` };
      if (current.kind === "module") return { kind: "not-a-package", chain, failedName: name, parent: current };
      const child = this.resolveChild(current, parts[i]!);
      if (!child) return { kind: "missing", chain, failedName: name, searched: current.searchDirs };
      chain.push(child);
      current = child;
    }
    return { kind: "first-party", chain };
  }

  /** A standard-library module, with the first submodule of the dotted name that the target version lacks. */
  private stdlibResolution(parts: string[], builtin: boolean): Resolution {
    const names = this.opts.stdlib.names();
    for (let i = 1; i < parts.length; i++) {
      const failedName = parts.slice(0, i + 1).join(".");
      const found = names.lookup(failedName);
      if (found.kind === "unknown") break;
      if (found.kind === "absent") {
        const parentName = parts.slice(0, i).join(".");
        const parent = names.lookup(parentName);
        return { kind: "stdlib", builtin, missing: { failedName, parent: parentName, parentIsModule: parent.kind === "module" && !parent.module.package } };
      }
    }
    return { kind: "stdlib", builtin };
  }

  /** What the target version's standard-library modules provide. */
  stdlibNames(): StdlibNames {
    return this.opts.stdlib.names();
  }

  /** Directory listing through the shared cache (for did-you-mean notes). */
  listDir(dir: string): Map<string, "file" | "dir"> {
    return this.opts.fs.list(dir);
  }

  /** A child of a resolved package, for the `from pkg import sub` fallback: the same object each time it is asked
   * of the same parent (the simulation and the checks ask for each from-imported name, often many times). */
  child(parent: ResolvedModule, part: string): ResolvedModule | null {
    if (parent.kind !== "package" && parent.kind !== "namespace") return null;
    let children = this.children.get(parent);
    if (!children) this.children.set(parent, (children = new Map()));
    let found = children.get(part);
    if (found === undefined) children.set(part, (found = this.resolveChild(parent, part)));
    return found;
  }
}
