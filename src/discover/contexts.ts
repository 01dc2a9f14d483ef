// Decides how each file is imported: its module name(s) and the sys.path it sees (pytest prepend/append/importlib, script, installed).
import path from "node:path";
import { compileGlob } from "./glob.js";
import type { PytestConfig } from "../config/pytest.js";
import { isIdentifier } from "../resolve/finder.js";
import type { FsView } from "../resolve/fs.js";
import type { SearchEntry, SearchPath } from "../resolve/resolver.js";
import { loadRule } from "../rules.js";

/** Stdlib modules pytest has imported before it imports conftest.py and test files (rules/pytest-preloaded.json). */
let pytestPreloaded: ReadonlySet<string> | null = null;
function preloadedByPytest(): ReadonlySet<string> {
  pytestPreloaded ??= new Set(loadRule<{ modules: string[] }>("pytest-preloaded.json").modules);
  return pytestPreloaded;
}

/** One way a file runs: as a module of a package, or as a test file collected by pytest. */
export interface FileContext {
  rel: string;
  abs: string;
  kind: "module" | "test" | "conftest";
  /** Dotted module names the file may be imported as, best first; empty when it has none (then `__package__` is empty). */
  identities: Identity[];
  search: SearchPath;
  /** "when pytest collects tests/test_x.py", "when pkg.mod is imported". */
  describe: string;
  /** No name reaches this file (a same-named module file shadows its directory): nothing in it ever runs by import. */
  unreachable?: boolean;
  /** Set when the file runs as the main module, `python <script>`: its directory is sys.path[0] and it has no package. */
  script?: string;
}

export interface Identity {
  name: string;
  /** The search-path directory the name is relative to. */
  root: string;
  isPackageInit: boolean;
}

export interface ProjectLayout {
  root: string;
  /** Directories whose contents are importable by top-level name (repo root, src/, nested projects, configured roots). */
  projectRoots: string[];
  /** Configured roots, placed before the standard library like PYTHONPATH. */
  configuredRoots: string[];
  sitePackages: string[];
}

function isUnder(file: string, dir: string): boolean {
  return file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** The dotted name of `abs` relative to `root`, or null when a component is not an identifier. */
export function moduleNameFrom(root: string, abs: string): Identity | null {
  if (!isUnder(abs, root)) return null;
  const rel = path.relative(root, abs).split(path.sep);
  const fileName = rel.pop()!;
  const stem = fileName.replace(/\.py$/, "");
  const isPackageInit = stem === "__init__";
  const parts = isPackageInit ? rel : [...rel, stem];
  if (parts.length === 0 || !parts.every(isIdentifier)) return null;
  return { name: parts.join("."), root, isPackageInit };
}

/** pytest's resolve_package_path: the highest directory of the chain of packages that contains the file. */
export function pytestBasedir(fs: FsView, absFile: string, stopAt: string): string {
  let dir = path.dirname(absFile);
  while (fs.isFile(path.join(dir, "__init__.py")) && isIdentifier(path.basename(dir))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    if (!isUnder(dir, stopAt) && dir !== stopAt) break;
  }
  return dir;
}

/**
 * Whether `dir` or a directory above it, below `root`, is a regular package (has __init__.py): a namespace directory
 * under one (`pkg/sansio/` under `pkg/__init__.py`) is part of that package, and no file in it runs as a script.
 */
export function insideRegularPackage(fs: Pick<FsView, "isFile">, root: string, dir: string): boolean {
  for (let d = dir; d.startsWith(root + path.sep); d = path.dirname(d)) if (fs.isFile(path.join(d, "__init__.py"))) return true;
  return false;
}

export class ContextBuilder {
  private readonly isTestName: (base: string) => boolean;
  private readonly norecurse: ((seg: string) => boolean)[];
  /** pytest's basedir depends only on the file's directory: computed once per directory. */
  private readonly basedirs = new Map<string, string>();

  constructor(
    private readonly layout: ProjectLayout,
    private readonly pytest: PytestConfig,
    private readonly fs: FsView,
  ) {
    const matchers = pytest.pythonFiles.map((g) => compileGlob(g));
    this.isTestName = (base) => matchers.some((m) => m(base));
    this.norecurse = pytest.norecursedirs.map((g) => compileGlob(g));
  }

  private collectedByPytest(rel: string): boolean {
    const segs = rel.split("/");
    const base = segs.pop()!;
    if (base !== "conftest.py" && !this.isTestName(base)) return false;
    if (segs.some((s) => this.norecurse.some((m) => m(s)))) return false;
    if (this.pytest.testpaths.length === 0 || base === "conftest.py") return true;
    return this.pytest.testpaths.some((t) => {
      const tp = t.replace(/^\.\//, "").replace(/\/$/, "");
      return rel === tp || rel.startsWith(tp + "/") || compileGlob(tp)(segs.join("/"));
    });
  }

  private basedirOf(abs: string): string {
    const dir = path.dirname(abs);
    let b = this.basedirs.get(dir);
    if (b === undefined) this.basedirs.set(dir, (b = pytestBasedir(this.fs, abs, this.topOf(abs))));
    return b;
  }

  private installedEntries(): SearchEntry[] {
    return [
      ...this.layout.projectRoots.map((dir): SearchEntry => ({ dir, kind: "project" })),
      ...this.layout.sitePackages.map((dir): SearchEntry => ({ dir, kind: "site-packages" })),
    ];
  }

  /** Identities of a module file under each project root, deepest root first. */
  identitiesOf(abs: string): Identity[] {
    // The file's regular packages end at the first ancestor without __init__.py: roots at or above it name the
    // file as CPython would see it from there; a project marker deeper inside a package is not a root for it.
    const basedir = this.basedirOf(abs);
    const roots = [...this.layout.configuredRoots, ...this.layout.projectRoots].filter((r) => isUnder(abs, r));
    const rank = (r: string): number => (r === basedir || isUnder(basedir, r) ? 0 : 1);
    roots.sort((a, b) => rank(a) - rank(b) || b.length - a.length);
    const out: Identity[] = [];
    for (const r of roots) {
      const id = moduleNameFrom(r, abs);
      if (id && !out.some((o) => o.name === id.name)) out.push(id);
    }
    return out;
  }

  /** The absolute path of a root-relative, /-separated path (the `abs` of its context). */
  absOf(rel: string): string {
    return path.resolve(this.layout.root, rel);
  }

  /** The directory a file's (or directory's) packages are counted below: the repository root, or the configured root
   * outside it that holds it. */
  topOf(p: string): string {
    const holds = (r: string): boolean => p === r || isUnder(p, r);
    if (holds(this.layout.root)) return this.layout.root;
    return this.layout.configuredRoots.find(holds) ?? this.layout.root;
  }

  build(rel: string): FileContext {
    const abs = this.absOf(rel);
    const configured = this.layout.configuredRoots.map((dir): SearchEntry => ({ dir, kind: "configured" }));
    const pythonpath = this.pytest.pythonpath.map((p): SearchEntry => ({ dir: path.resolve(this.layout.root, p), kind: "pythonpath" }));
    // pytest collects below its rootdir: a file of a root outside the repository is only ever imported.
    if (!rel.startsWith("/") && this.collectedByPytest(rel)) {
      const kind = rel.endsWith("conftest.py") ? "conftest" : "test";
      const before: SearchEntry[] = [];
      let identities: Identity[];
      if (this.pytest.importMode === "importlib") {
        const id = moduleNameFrom(this.layout.root, abs);
        identities = id ? [id] : [];
      } else {
        const basedir = this.basedirOf(abs);
        before.push({ dir: basedir, kind: "pytest-rootdir" });
        // conftest.py files above the test are imported first, each inserting its own basedir.
        let dir = path.dirname(abs);
        while (isUnder(dir, this.layout.root) || dir === this.layout.root) {
          if (this.fs.isFile(path.join(dir, "conftest.py"))) {
            const b = this.basedirOf(path.join(dir, "conftest.py"));
            if (!before.some((e) => e.dir === b)) before.push({ dir: b, kind: "pytest-rootdir" });
          }
          if (dir === this.layout.root) break;
          dir = path.dirname(dir);
        }
        const id = moduleNameFrom(basedir, abs);
        identities = id ? [id] : [];
        if (this.pytest.importMode === "append") {
          // append mode adds the basedirs at the end of sys.path instead.
          const after = [...before];
          before.length = 0;
          return {
            rel, abs, kind, identities,
            search: { before: [...pythonpath, ...configured], after: [...this.installedEntries(), ...after], preloaded: preloadedByPytest() },
            describe: `when pytest ${kind === "conftest" ? "loads" : "collects"} ${rel}`,
          };
        }
      }
      return {
        rel, abs, kind, identities,
        search: { before: [...before, ...pythonpath, ...configured], after: this.installedEntries(), preloaded: preloadedByPytest() },
        describe: `when pytest ${kind === "conftest" ? "loads" : "collects"} ${rel}`,
      };
    }
    if (path.basename(abs) === "__main__.py" && !insideRegularPackage(this.fs, this.topOf(abs), path.dirname(abs))) {
      // A top-level __main__.py only ever runs as the main module (`python DIR`, `python DIR/__main__.py`).
      // `import __main__` elsewhere names whatever script is running.
      const shown = path.relative(this.layout.root, path.dirname(abs)).split(path.sep).join("/") || ".";
      return this.scriptContext(rel, shown);
    }
    const identities = this.identitiesOf(abs);
    // Imported as a module, a file sees sys.path as its importer set it up: its own directory is not on it. Where it
    // runs as a script instead, analyze.ts gives it `scriptContext`.
    const name = identities[0]?.name ?? rel;
    return {
      rel, abs, kind: "module", identities,
      search: { before: configured, after: this.installedEntries() },
      describe: `when ${name} is imported`,
    };
  }

  /**
   * Where a module file sits: in a regular package (`python -m pkg.mod` runs it as a module), directly in a
   * project root (a top-level module others may import), or elsewhere (`tools/x.py`: a script of its directory,
   * importable only through a namespace package).
   */
  placeOf(rel: string): "package" | "top-level" | "loose" {
    const dir = path.dirname(this.absOf(rel));
    if (insideRegularPackage(this.fs, this.topOf(dir), dir)) return "package";
    return [...this.layout.projectRoots, ...this.layout.configuredRoots].includes(dir) ? "top-level" : "loose";
  }

  /**
   * The file as the main module, `python <shown>`: `__main__` without a package, its directory first on sys.path
   * (3.11+'s -P and PYTHONSAFEPATH aside), then PYTHONPATH-like roots, the standard library and the installed ones.
   */
  scriptContext(rel: string, shown = rel): FileContext {
    const abs = this.absOf(rel);
    const configured = this.layout.configuredRoots.map((dir): SearchEntry => ({ dir, kind: "configured" }));
    return {
      rel, abs, kind: "module", identities: [],
      search: { before: [{ dir: path.dirname(abs), kind: "script-dir" }, ...configured], after: this.installedEntries() },
      describe: `when \`python ${shown}\` runs`,
      script: shown,
    };
  }

}
