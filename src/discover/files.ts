// Lists the repository's Python files: honours .gitignore files at and below the root, default and configured excludes.
import { existsSync, statSync, type BigIntStats } from "node:fs";
import path from "node:path";
import { fdir } from "fdir";
import ignore, { type Ignore } from "ignore";
import { compileGlob } from "./glob.js";
import { UserError } from "../errors.js";
import { readTextFile } from "../read-text.js";

/** The root itself cannot be listed: the user's to correct (exit 2). */
export class DiscoverError extends UserError {}

/** Directory names never analysed (ruff's defaults plus caches of our own). */
export const DEFAULT_EXCLUDES = [
  ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache", ".nox",
  ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", ".vscode",
  "__pypackages__", "__pycache__", "_build", "buck-out", "build", "dist", "node_modules", "site-packages",
  "venv", ".import-doctor-cache",
];

export interface DiscoverOptions {
  /** Extra exclude patterns (gitignore-style globs, relative to root). */
  exclude: string[];
  /** Replace the default excludes instead of extending them. */
  replaceDefaultExcludes?: boolean;
}

export interface Discovery {
  /** Repo-relative POSIX paths of .py files, sorted. */
  pythonFiles: string[];
  /** Repo-relative POSIX paths of declaration files (see isDeclarationFile) and conftest.py files. */
  markers: string[];
  /** Repo-relative POSIX paths of directories that could not be listed (permissions): their files are not analysed. */
  unreadableDirs?: string[];
}

const DECLARATION_FILES = new Set(["pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "tox.ini"]);

function base(p: string): string {
  return p.slice(Math.max(p.lastIndexOf("/"), p.lastIndexOf(path.sep)) + 1);
}

/** Project and dependency declaration files: pyproject.toml, setup.py/cfg, Pipfile, tox.ini, requirements*.txt, requirements/*.txt. */
export function isDeclarationFile(p: string): boolean {
  const b = base(p);
  if (DECLARATION_FILES.has(b)) return true;
  if (!b.endsWith(".txt")) return false;
  return b.startsWith("requirements") || /(^|[\\/])requirements[\\/][^\\/]+$/.test(p);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/**
 * `abs` relative to `root`, with forward slashes (the form every repo-relative path takes here); a file outside the
 * root (under a configured root such as `../lib`) keeps its absolute path, the same from a staged copy of the root.
 * `path.resolve(root, rel)` turns either back into the absolute path.
 */
export function relativePosix(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel.startsWith("..") || path.isAbsolute(rel) ? toPosix(abs) : toPosix(rel);
}

/** Whether a repo-relative path (as `relativePosix` makes it) is outside the root. */
export const outsideRoot = (rel: string): boolean => rel.startsWith("/");

/**
 * The Python files of configured roots outside the repository, added by absolute path. A root that holds the
 * repository (`roots = [".."]`) is left out: its files would be the repository's own again, and everything beside.
 */
export function withOutsideRoots(root: string, base: Discovery, roots: string[], options: DiscoverOptions): Discovery {
  const added = new Set<string>();
  for (const r of roots) {
    if (!existsSync(r) || !path.relative(r, root).startsWith("..")) continue;
    for (const rel of discoverFiles(r, options).pythonFiles) added.add(toPosix(path.join(r, rel)));
  }
  return added.size === 0 ? base : { ...base, pythonFiles: [...base.pythonFiles, ...[...added].sort()] };
}

/** Loads and caches the .gitignore of each directory under root; never reads above root. */
class GitignoreStack {
  private readonly cache = new Map<string, Ignore | null>();
  constructor(private readonly root: string) {}

  private load(relDir: string): Ignore | null {
    let ig = this.cache.get(relDir);
    if (ig !== undefined) return ig;
    const file = path.join(this.root, relDir, ".gitignore");
    ig = null;
    if (existsSync(file)) {
      try {
        ig = ignore().add(readTextFile(file));
      } catch {
        ig = null;
      }
    }
    this.cache.set(relDir, ig);
    return ig;
  }

  /** Whether rel (repo-relative, POSIX) is ignored by some .gitignore at or below root. */
  ignored(rel: string, isDir: boolean): boolean {
    const parts = rel.split("/");
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const ig = this.load(dir);
      if (!ig) continue;
      const sub = parts.slice(i).join("/") + (isDir ? "/" : "");
      if (ig.ignores(sub)) return true;
    }
    return false;
  }
}

/**
 * Whether this process may list a directory, by its stat's owner and mode bits (the stat is an input the result cache
 * records; access(2) is not). Root may list any; access control lists are not read.
 */
function listable(st: BigIntStats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return true;
  const mode = Number(st.mode);
  const rx = 0o5;
  if (Number(st.uid) === uid) return ((mode >> 6) & rx) === rx;
  const gid = Number(st.gid);
  if (process.getgid?.() === gid || (process.getgroups?.() ?? []).includes(gid)) return ((mode >> 3) & rx) === rx;
  return (mode & rx) === rx;
}

export function discoverFiles(root: string, options: DiscoverOptions): Discovery {
  const absRoot = path.resolve(root);
  // Our own cache is never analysed, whatever replaces the defaults.
  const defaultNames = new Set(options.replaceDefaultExcludes ? [".import-doctor-cache"] : DEFAULT_EXCLUDES);
  const patterns = options.exclude.map((p) => p.replace(/^\.\//, "").replace(/\/$/, ""));
  const matchers = patterns.map((p) => compileGlob(p.includes("/") ? p : `**/${p}`));
  const gitignore = new GitignoreStack(absRoot);
  const seenDirs = new Set<string>();
  const unreadableDirs: string[] = [];

  const excludedRel = (rel: string): boolean => matchers.some((m) => m(rel));

  const crawler = new fdir()
    .withFullPaths()
    .withErrors()
    .exclude((dirName, dirPath) => {
      if (defaultNames.has(dirName)) return true;
      const rel = toPosix(path.relative(absRoot, dirPath.replace(/[\\/]$/, "")));
      if (rel === "" || rel.startsWith("..")) return false;
      if (excludedRel(rel) || gitignore.ignored(rel, true)) return true;
      // Loops: never enter the same directory twice (fdir does not follow symbolic links to directories; a
      // directory mounted inside itself is one directory by its device and inode, whatever its paths). A file
      // system that gives no inode numbers (0) cannot tell: its directories are all entered.
      try {
        const st = statSync(dirPath, { bigint: true });
        // One this user cannot list is left out and reported, rather than failing the whole run.
        if (!listable(st)) {
          unreadableDirs.push(rel);
          return true;
        }
        // A virtualenv under any name.
        if (existsSync(path.join(dirPath, "pyvenv.cfg"))) return true;
        const id = `${st.dev}:${st.ino}`;
        if (st.ino !== 0n && seenDirs.has(id)) return true;
        seenDirs.add(id);
      } catch {
        return true;
      }
      return false;
    })
    .filter((filePath) => base(filePath).endsWith(".py") || isDeclarationFile(filePath));

  let all: string[];
  try {
    all = crawler.crawl(absRoot).sync() as string[];
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new DiscoverError(`cannot list ${err.path ?? absRoot}: ${err.code ?? err.message}`);
  }
  const pythonFiles: string[] = [];
  const markers: string[] = [];
  for (const abs of all) {
    const rel = toPosix(path.relative(absRoot, abs));
    if (excludedRel(rel) || gitignore.ignored(rel, false)) continue;
    if (rel.endsWith(".py")) pythonFiles.push(rel);
    if (isDeclarationFile(rel) || rel.endsWith("conftest.py")) markers.push(rel);
  }
  // Requirement lists, Pipfiles and tox.ini count only beside a project marker (or at the root, or in its
  // requirements/ folder): data files of that name inside packages are not the repository's declarations.
  // A project is never inside a package: markers in a directory with __init__.py are package data.
  const inPackage = (dir: string): boolean => existsSync(path.join(absRoot, dir, "__init__.py"));
  const projectDirs = new Set([""]);
  for (const m of markers) {
    const dir = m.includes("/") ? m.slice(0, m.lastIndexOf("/")) : "";
    if (/(^|\/)(pyproject\.toml|setup\.py|setup\.cfg)$/.test(m) && !inPackage(dir)) projectDirs.add(dir);
  }
  const declared = markers.filter((m) => {
    if (m.endsWith("conftest.py")) return true;
    if (/(^|\/)(pyproject\.toml|setup\.py|setup\.cfg)$/.test(m)) return projectDirs.has(m.includes("/") ? m.slice(0, m.lastIndexOf("/")) : "");
    const dir = m.includes("/") ? m.slice(0, m.lastIndexOf("/")) : "";
    const parent = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
    if (projectDirs.has(dir) || (dir.endsWith("requirements") && projectDirs.has(dir === "requirements" ? "" : parent))) return true;
    // A requirements file of a part of the repository (docs/requirements.txt for docs/conf.py), outside any
    // package: it declares for the files below its directory (config/dependencies.ts scopes it).
    return base(m).startsWith("requirements") && m.endsWith(".txt") && !inPackage(dir) && !inPackage(parent);
  });
  markers.length = 0;
  markers.push(...declared);
  pythonFiles.sort();
  markers.sort();
  return { pythonFiles, markers, ...(unreadableDirs.length > 0 ? { unreadableDirs: unreadableDirs.sort() } : {}) };
}
