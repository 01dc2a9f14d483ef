// The project an analysis runs on, before any file is read: its root, settings, files, environment, target version
// and search paths. The analysis starts here, and so does the check that a stored result still holds after an
// import was added (inert-imports.ts).
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { loadPytestConfig, type PytestConfig } from "./config/pytest.js";
import { ConfigError, loadSettings, readToml, type Settings } from "./config/settings.js";
import { buildRoots } from "./config/build-roots.js";
import { parseIni, type IniSections } from "./config/ini.js";
import { ContextBuilder, type ProjectLayout } from "./discover/contexts.js";
import { discoverFiles, outsideRoot, relativePosix, withOutsideRoots, type Discovery } from "./discover/files.js";
import { findEnvironment, type PythonEnvironment } from "./resolve/environment.js";
import { interpreterVersion } from "./resolve/interpreter.js";
import { FsView, type Listings } from "./resolve/fs.js";
import { Resolver } from "./resolve/resolver.js";
import { Stdlib, SUPPORTED_VERSIONS } from "./resolve/stdlib.js";
import { readTextFile } from "./read-text.js";

export interface ProjectOptions {
  root: string;
  pythonVersion: string | null;
  /** `--upgrade DIST==VERSION`: the version of each (normalised) distribution to check the imports against. */
  upgrades?: Record<string, string>;
  pythonEnv: string | null;
  useConfig: boolean;
  /** `--config FILE`: the settings' file instead of the root's pyproject.toml (absolute). */
  configFile?: string | null;
  /** Where the configuration's relative paths resolve from when `root` is a copy of it (AnalyzeOptions.configRoot). */
  configRoot?: string;
  /** What an earlier analysis found on disk, taken instead of reading the tree again. */
  seed?: { discovery: Discovery; listings: Listings };
}

export interface Project {
  root: string;
  settings: Settings;
  pyproject: Record<string, unknown> | null;
  pytest: PytestConfig;
  discovery: Discovery;
  fs: FsView;
  env: PythonEnvironment | null;
  version: string;
  minor: number;
  stdlib: Stdlib;
  layout: ProjectLayout;
  builder: ContextBuilder;
}

/**
 * Lower bound of `requires-python`, `.python-version`, the environment's version, or the version of the interpreter
 * `python3` runs; else 3.12.
 */
function inferPythonVersion(root: string, pyproject: Record<string, unknown> | null, envVersion: string | null): string {
  const requires = (pyproject?.project as Record<string, unknown> | undefined)?.["requires-python"];
  if (typeof requires === "string") {
    const m = />=?\s*(3\.\d+)|~=\s*(3\.\d+)|==\s*(3\.\d+)/.exec(requires);
    const v = m?.[1] ?? m?.[2] ?? m?.[3];
    if (v && SUPPORTED_VERSIONS.includes(v)) return v;
  }
  const pv = path.join(root, ".python-version");
  if (existsSync(pv)) {
    const m = /^(3\.\d+)/m.exec(readTextFile(pv));
    if (m && SUPPORTED_VERSIONS.includes(m[1]!)) return m[1]!;
  }
  if (envVersion && SUPPORTED_VERSIONS.includes(envVersion)) return envVersion;
  const interpreter = interpreterVersion(root);
  if (interpreter && SUPPORTED_VERSIONS.includes(interpreter)) return interpreter;
  return "3.12";
}

function envPythonVersion(sitePackages: string[]): string | null {
  for (const sp of sitePackages) {
    const m = /python(3\.\d+)/.exec(sp);
    if (m) return m[1]!;
  }
  return null;
}

/** A nested project's pyproject.toml, or null when absent or unreadable (it is not this tool's configuration). */
function nestedToml(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  try {
    return readToml(file);
  } catch {
    return null;
  }
}

/** A project directory's setup.cfg, or null when absent or unreadable. */
function setupCfgOf(dir: string): IniSections | null {
  const file = path.join(dir, "setup.cfg");
  if (!existsSync(file)) return null;
  try {
    return parseIni(readTextFile(file), file);
  } catch {
    return null;
  }
}

function projectLayout(root: string, markers: string[], settings: Settings, pyproject: Record<string, unknown> | null, fs: FsView, sitePackages: string[], configRoot: string | undefined): ProjectLayout {
  const roots: string[] = [];
  const add = (dir: string): void => {
    if (!roots.includes(dir)) roots.push(dir);
  };
  const projectDirs = new Set<string>([root]);
  for (const m of markers) {
    const base = m.slice(m.lastIndexOf("/") + 1);
    if (base === "pyproject.toml" || base === "setup.py" || base === "setup.cfg") projectDirs.add(path.join(root, path.dirname(m)));
  }
  // Deeper projects first: their files are imported relative to them. In each, the package roots its build
  // configuration names (`where = ["lib"]`), then src/, then the project's directory.
  for (const dir of [...projectDirs].sort((a, b) => b.length - a.length)) {
    for (const r of buildRoots(dir === root ? pyproject : nestedToml(path.join(dir, "pyproject.toml")), setupCfgOf(dir))) {
      if (fs.isDir(path.join(dir, r))) add(path.join(dir, r));
    }
    const src = path.join(dir, "src");
    if (fs.isDir(src) && !fs.isFile(path.join(src, "__init__.py"))) add(src);
    add(dir);
  }
  const configuredRoots = settings.roots.map((r) => configPath(root, r, configRoot));
  for (const r of configuredRoots) if (!fs.isDir(r)) throw new ConfigError(`[tool.import-doctor] roots: ${r} is not a directory`);
  return { root, projectRoots: roots, configuredRoots, sitePackages };
}

/**
 * A path from the configuration, relative to the directory of its pyproject.toml. When the analysis runs on a copy
 * of the repository (`configRoot` is the original), a path inside the original is taken in the copy, and one outside
 * it stays where it is: `../shared` is the same directory for both.
 */
function configPath(root: string, p: string, configRoot: string | undefined): string {
  const base = configRoot ?? root;
  const abs = path.resolve(base, p);
  const rel = path.relative(base, abs);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel)) ? path.join(root, rel) : abs;
}

export function prepareProject(opts: ProjectOptions): Project {
  const root = realpathSync(path.resolve(opts.root));
  const { settings, pyproject } = loadSettings(root, opts.useConfig, opts.configFile);
  const pytest = loadPytestConfig(root, pyproject);
  const discoverOptions = { exclude: [...(settings.exclude ?? []), ...settings.extendExclude], replaceDefaultExcludes: settings.exclude !== null };
  // Configured roots outside the repository (`roots = ["../lib"]`) are first-party code too: their files are checked.
  const outside = settings.roots.map((r) => configPath(root, r, opts.configRoot)).filter((r) => outsideRoot(relativePosix(root, r)));
  const discovery = opts.seed?.discovery ?? withOutsideRoots(root, discoverFiles(root, discoverOptions), outside, discoverOptions);
  const fs = new FsView(opts.seed?.listings);
  // The configuration's path is relative to the root (where pyproject.toml is), as ruff's are; --python-env's was
  // resolved against the working directory by the CLI.
  const env = opts.pythonEnv
    ? findEnvironment(root, opts.pythonEnv)
    : findEnvironment(root, settings.pythonEnv === null ? null : configPath(root, settings.pythonEnv, opts.configRoot), "python-env in the configuration:");

  const version = opts.pythonVersion ?? settings.pythonVersion ?? inferPythonVersion(root, pyproject, envPythonVersion(env?.paths ?? []));
  if (!SUPPORTED_VERSIONS.includes(version)) {
    const from = opts.pythonVersion ? "--python-version" : settings.pythonVersion ? `${opts.configFile ? path.basename(opts.configFile) : "pyproject.toml"}: [tool.import-doctor] python-version` : "the inferred Python version";
    throw new ConfigError(`${from} ${version}: unsupported (supported: ${SUPPORTED_VERSIONS.join(", ")})`);
  }
  const minor = Number(version.split(".")[1]);
  const stdlib = new Stdlib(version);
  const layout = projectLayout(root, discovery.markers, settings, pyproject, fs, env?.paths ?? [], opts.configRoot);
  const builder = new ContextBuilder(layout, pytest, fs);
  return { root, settings, pyproject, pytest, discovery, fs, env, version, minor, stdlib, layout, builder };
}

/** The finder over the project's files and its environment (setuptools' distutils shim first, as it installs itself). */
export function resolverFor(p: Project): Resolver {
  return new Resolver({ fs: p.fs, stdlib: p.stdlib, minor: p.minor, firstPartyRoots: [p.root, ...p.layout.configuredRoots.filter((r) => outsideRoot(relativePosix(p.root, r)))], metaPath: p.env?.distutilsShim ? new Map([["distutils", p.env.distutilsShim]]) : undefined });
}
