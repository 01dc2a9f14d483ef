// Reads pytest's configuration from the root in pytest's own precedence: pytest.ini, .pytest.ini, pyproject.toml, tox.ini, setup.cfg.
import { existsSync } from "node:fs";
import path from "node:path";
import { iniList, parseIni } from "./ini.js";
import { readToml } from "./settings.js";
import { readTextFile } from "../read-text.js";

export type ImportMode = "prepend" | "append" | "importlib";

export interface PytestConfig {
  /** Which file the settings came from, or null for pytest's defaults. */
  source: string | null;
  testpaths: string[];
  pythonFiles: string[];
  pythonpath: string[];
  importMode: ImportMode;
  norecursedirs: string[];
  considerNamespacePackages: boolean;
}

export const PYTEST_DEFAULTS: PytestConfig = {
  source: null,
  testpaths: [],
  pythonFiles: ["test_*.py", "*_test.py"],
  pythonpath: [],
  importMode: "prepend",
  norecursedirs: ["*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"],
  considerNamespacePackages: false,
};

type Raw = Record<string, string | string[] | boolean | undefined>;

function fromRaw(raw: Raw, source: string): PytestConfig {
  const list = (v: Raw[string]): string[] | undefined => {
    if (v === undefined || typeof v === "boolean") return undefined;
    return Array.isArray(v) ? v.map(String) : iniList(v);
  };
  const addopts = list(raw.addopts) ?? [];
  let importMode: ImportMode = "prepend";
  addopts.forEach((opt, i) => {
    const m = /^--import-mode=(prepend|append|importlib)$/.exec(opt);
    if (m) importMode = m[1] as ImportMode;
    else if (opt === "--import-mode" && /^(prepend|append|importlib)$/.test(addopts[i + 1] ?? "")) importMode = addopts[i + 1] as ImportMode;
  });
  const cnp = raw.consider_namespace_packages;
  return {
    source,
    testpaths: list(raw.testpaths) ?? [],
    pythonFiles: list(raw.python_files) ?? PYTEST_DEFAULTS.pythonFiles,
    pythonpath: list(raw.pythonpath) ?? [],
    importMode,
    norecursedirs: list(raw.norecursedirs) ?? PYTEST_DEFAULTS.norecursedirs,
    considerNamespacePackages: cnp === true || (typeof cnp === "string" && /^(true|1|yes)$/i.test(cnp)),
  };
}

function iniSection(file: string, section: string): Raw | null {
  const sections = parseIni(readTextFile(file), path.basename(file));
  const s = sections.get(section);
  return s ? Object.fromEntries(s) : null;
}

/** Finds pytest's configuration file in `root` the way pytest's `locate_config` does for one directory. */
export function loadPytestConfig(root: string, pyproject: Record<string, unknown> | null): PytestConfig {
  for (const name of ["pytest.ini", ".pytest.ini"]) {
    const file = path.join(root, name);
    if (existsSync(file)) return fromRaw(iniSection(file, "pytest") ?? {}, name); // matches even when empty
  }
  if (pyproject) {
    const tool = pyproject.tool as Record<string, unknown> | undefined;
    const pytest = tool?.pytest as Record<string, unknown> | undefined;
    const options = pytest?.ini_options as Raw | undefined;
    if (options) return fromRaw(options, "pyproject.toml");
    if (pytest) return fromRaw(pytest as Raw, "pyproject.toml"); // pytest 9 native [tool.pytest]
  } else if (existsSync(path.join(root, "pyproject.toml"))) {
    return loadPytestConfig(root, readToml(path.join(root, "pyproject.toml")));
  }
  const tox = path.join(root, "tox.ini");
  if (existsSync(tox)) {
    const s = iniSection(tox, "pytest");
    if (s) return fromRaw(s, "tox.ini");
  }
  const cfg = path.join(root, "setup.cfg");
  if (existsSync(cfg)) {
    const s = iniSection(cfg, "tool:pytest");
    if (s) return fromRaw(s, "setup.cfg");
  }
  return { ...PYTEST_DEFAULTS };
}
