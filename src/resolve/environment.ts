// Finds a Python environment (virtualenv or site-packages dir) and what it makes importable: site dirs, .pth paths, distributions.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { normaliseDist } from "../config/dependencies.js";
import { UserError } from "../errors.js";

/** An environment named by --python-env or the configuration that is not one: the user's to correct (exit 2). */
export class EnvironmentError extends UserError {}

export interface PythonEnvironment {
  /** Where it was found, for notes ("--python-env", "$VIRTUAL_ENV", ".venv"). */
  source: string;
  /** site-packages directories, then the existing directories named by their path-style .pth lines, in sys.path order. */
  paths: string[];
  /** Normalised distribution name -> top-level import names. */
  distributions: Map<string, string[]>;
  /** Normalised distribution name -> installed version (from its .dist-info/.egg-info directory's name). */
  versions: Map<string, string>;
  /** An import-hook editable install (setuptools >= 64 default) makes some names unknowable statically. */
  importHookEditables: string[];
  /**
   * setuptools' `distutils` (its `_distutils` package, with the site-packages directory it is in) when the
   * environment's `distutils-precedence.pth` puts setuptools' meta path finder first: then `import distutils` loads
   * it, on any Python, 3.12 included (which has no distutils of its own). Null when there is no such shim, or
   * `$SETUPTOOLS_USE_DISTUTILS` turns it off (anything but `local`, its default).
   */
  distutilsShim: { dir: string; site: string } | null;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** site-packages directories of a virtualenv root, or the directory itself when it is one. */
export function sitePackagesOf(dir: string): string[] {
  const out: string[] = [];
  if (path.basename(dir) === "site-packages" || safeList(dir).some((n) => n.endsWith(".dist-info"))) return [dir];
  for (const lib of ["lib", "lib64"]) {
    for (const py of safeList(path.join(dir, lib))) {
      const sp = path.join(dir, lib, py, "site-packages");
      if (/^python3/.test(py) && isDir(sp) && !out.includes(sp)) out.push(sp);
    }
  }
  const win = path.join(dir, "Lib", "site-packages");
  if (isDir(win)) out.push(win);
  return out;
}

/** Path lines of .pth files, as site.addpackage reads them: sorted, `import` lines skipped, existing directories only. */
export function pthPaths(site: string): string[] {
  const out: string[] = [];
  for (const name of safeList(site)) {
    if (!name.endsWith(".pth")) continue;
    let text: string;
    try {
      text = readFileSync(path.join(site, name), "utf8");
    } catch {
      continue;
    }
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trimEnd();
      if (!line || line.startsWith("#") || /^import[ \t]/.test(line)) continue;
      const dir = path.resolve(site, line);
      if (isDir(dir) && !out.includes(dir)) out.push(dir);
    }
  }
  return out;
}

function topLevelsOf(site: string, distInfo: string): string[] {
  const dir = path.join(site, distInfo);
  const top = path.join(dir, "top_level.txt");
  if (existsSync(top)) {
    try {
      return readFileSync(top, "utf8").split(/\r?\n/).map((s) => s.trim().replace(/\//g, ".")).filter(Boolean);
    } catch {
      return [];
    }
  }
  const record = path.join(dir, "RECORD");
  if (!existsSync(record)) return [];
  const names = new Set<string>();
  try {
    for (const line of readFileSync(record, "utf8").split(/\r?\n/)) {
      const file = line.split(",")[0] ?? "";
      if (!file || file.startsWith("..") || file.includes(".dist-info/") || file.includes(".data/")) continue;
      const first = file.split("/")[0]!;
      if (file.includes("/")) names.add(first);
      else if (/\.(py|so|pyd)$/.test(first)) names.add(first.split(".")[0]!);
    }
  } catch {
    return [];
  }
  return [...names].filter((n) => n !== "__pycache__" && !n.endsWith(".pth"));
}

function distributionsOf(site: string, into: Map<string, string[]>, versions: Map<string, string>): void {
  for (const name of safeList(site)) {
    const m = /^(.+?)-([^-]+?)(?:-py\d[^-]*)?\.(dist-info|egg-info)$/.exec(name);
    if (!m) continue;
    into.set(normaliseDist(m[1]!), topLevelsOf(site, name));
    versions.set(normaliseDist(m[1]!), m[2]!);
  }
}

/**
 * setuptools' distutils shim, as site.py would install it: a site directory's `distutils-precedence.pth` runs
 * `_distutils_hack.add_shim()` unless $SETUPTOOLS_USE_DISTUTILS is set to something other than `local`; the shim then
 * loads `setuptools._distutils` for `distutils` (the first setuptools package on the path).
 */
function distutilsShim(sites: string[], paths: string[]): PythonEnvironment["distutilsShim"] {
  if ((process.env.SETUPTOOLS_USE_DISTUTILS ?? "local") !== "local") return null;
  const pth = sites.find((site) => {
    try {
      return readFileSync(path.join(site, "distutils-precedence.pth"), "utf8").includes("_distutils_hack");
    } catch {
      return false;
    }
  });
  if (!pth || !paths.some((p) => existsSync(path.join(p, "_distutils_hack", "__init__.py")))) return null;
  const site = paths.find((p) => existsSync(path.join(p, "setuptools", "__init__.py")));
  if (!site) return null;
  const dir = path.join(site, "setuptools", "_distutils");
  return existsSync(path.join(dir, "__init__.py")) ? { dir, site } : null;
}

/** Locates the environment: explicit dir, then $VIRTUAL_ENV, then .venv / venv under root. */
export function findEnvironment(root: string, explicit: string | null, explicitFrom = "--python-env"): PythonEnvironment | null {
  const candidates: [string, string][] = [];
  if (explicit) candidates.push([path.resolve(explicit), "--python-env"]);
  else {
    if (process.env.VIRTUAL_ENV) candidates.push([process.env.VIRTUAL_ENV, "$VIRTUAL_ENV"]);
    candidates.push([path.join(root, ".venv"), ".venv"], [path.join(root, "venv"), "venv"]);
  }
  for (const [dir, source] of candidates) {
    if (!isDir(dir)) {
      if (source === "--python-env") throw new EnvironmentError(`${explicitFrom} ${explicit}: not a directory`);
      continue;
    }
    const sites = sitePackagesOf(dir);
    if (sites.length === 0) {
      if (source === "--python-env") throw new EnvironmentError(`${explicitFrom} ${explicit}: no site-packages found`);
      continue;
    }
    const paths: string[] = [];
    const distributions = new Map<string, string[]>();
    const versions = new Map<string, string>();
    const importHookEditables: string[] = [];
    for (const site of sites) {
      paths.push(site, ...pthPaths(site).filter((p) => !paths.includes(p)));
      distributionsOf(site, distributions, versions);
      for (const n of safeList(site)) if (/^__editable__.*_finder\.py$/.test(n)) importHookEditables.push(n);
    }
    return { source, paths, distributions, versions, importHookEditables, distutilsShim: distutilsShim(sites, paths) };
  }
  return null;
}
