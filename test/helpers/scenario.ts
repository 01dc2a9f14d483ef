// Loads a scenario folder (a tiny repository plus scenario.json) and plans how python3 imports each file.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ProbePlan } from "./python.js";

export interface Expected {
  code: string;
  path: string;
  line: number;
  severity: string;
}

export interface Scenario {
  name: string;
  dir: string;
  description: string;
  pythonVersion: string;
  stubs: string[];
  expected: Expected[];
  /** Directories an install of the project puts on sys.path (a `where = ["lib"]` layout's lib/): src/ when absent. */
  installed?: string[];
  /** The repository's directory inside the scenario's folder, when something sits beside it (a root outside it). */
  root?: string;
  /** Other CPython versions whose messages the scenario is confirmed with too (pyenv's interpreters; no pytest). */
  alsoWith?: string[];
}

export const SCENARIOS_DIR = path.join(import.meta.dirname, "..", "..", "fixtures", "scenarios");

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((n) => existsSync(path.join(SCENARIOS_DIR, n, "scenario.json")))
    .sort()
    .map((name) => {
      const dir = path.join(SCENARIOS_DIR, name);
      const data = JSON.parse(readFileSync(path.join(dir, "scenario.json"), "utf8"));
      return { name, ...data, dir: data.root ? path.join(dir, data.root) : dir };
    });
}

export function pythonFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...pythonFiles(dir, r));
    else if (name.endsWith(".py")) out.push(r);
  }
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isTestFile(rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf("/") + 1);
  return /^test_.*\.py$/.test(base) || /_test\.py$/.test(base);
}

/** How an installed project is imported: from src/ (src layout) when the file is there, else from the root. */
export function moduleIdentity(root: string, rel: string): { name: string; path: string[] } | null {
  const underSrc = rel.startsWith("src/") && !existsSync(path.join(root, "src", "__init__.py"));
  const base = underSrc ? path.join(root, "src") : root;
  const parts = (underSrc ? rel.slice(4) : rel).replace(/\.py$/, "").split("/");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  if (parts.length === 0 || !parts.every((p) => IDENT.test(p))) return null;
  return { name: parts.join("."), path: [base] };
}

/** pytest prepend mode: the first ancestor without __init__.py is sys.path[0]. */
export function pytestIdentity(root: string, rel: string): { name: string; path: string[] } {
  let dir = path.dirname(path.join(root, rel));
  while (existsSync(path.join(dir, "__init__.py"))) dir = path.dirname(dir);
  const name = path.relative(dir, path.join(root, rel)).replace(/\.py$/, "").split(path.sep).join(".");
  const extra = existsSync(path.join(root, "conftest.py")) ? [root] : [];
  return { name, path: [dir, ...extra] };
}

export function planFor(s: Scenario, claimed?: Map<string, { name: string; root: string } | null>, scripts: string[] = []): ProbePlan {
  const files = pythonFiles(s.dir);
  const modules = files
    .filter((f) => !isTestFile(f) && !f.endsWith("conftest.py"))
    // A file judged as a script alone is run as one, not imported.
    .filter((f) => !(scripts.includes(f) && claimed?.get(f) === null))
    .flatMap((f) => {
      const c = claimed?.get(f);
      const id = c ? { name: c.name, path: [c.root] } : moduleIdentity(s.dir, f);
      return id ? [{ file: f, ...id }] : [];
    });
  const src = path.join(s.dir, "src");
  const installed = s.installed ? s.installed.map((d) => path.join(s.dir, d)) : existsSync(src) && !existsSync(path.join(src, "__init__.py")) ? [src] : [];
  // A scenario's own .venv: its site-packages are on sys.path, as when the venv's python runs.
  const lib = path.join(s.dir, ".venv", "lib");
  if (existsSync(lib)) for (const py of readdirSync(lib)) installed.push(path.join(lib, py, "site-packages"));
  return { root: s.dir, stubs: s.stubs, installed, modules, scripts, pytest: files.filter(isTestFile) };
}
