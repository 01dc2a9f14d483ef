// Collects the distributions a repository declares: pyproject (PEP 621, dependency-groups, poetry, uv), requirements files, setup.cfg.
import { existsSync } from "node:fs";
import path from "node:path";
import { iniLines, parseIni } from "./ini.js";
import { readToml } from "./settings.js";
import { readTextFile } from "../read-text.js";
import type { DeclaredForLock } from "../lockfiles/index.js";

export interface DeclaredDependencies {
  /** Normalised distribution names (PEP 503: lowercase, runs of -_. become -). */
  distributions: Set<string>;
  /** Names of the repository's own projects (first-party). */
  ownProjects: Set<string>;
  /** Files that declared something, for notes. */
  sources: string[];
  /** Some declarations cannot be read statically (setup.py with computed lists, dynamic dependencies). */
  incomplete: string[];
  /** What each declaration file declares, by repo-relative path. */
  bySource: Map<string, Set<string>>;
  /** Version specifiers declared for each distribution (`>=2.6`, Poetry's `^2.0`), every declaration's. */
  specifiers: Map<string, string[]>;
  /**
   * Requirements files of a part of the repository (docs/requirements.txt): what they declare counts for the files
   * below their directory only. Not in `distributions`.
   */
  scoped: { dir: string; distributions: Set<string> }[];
}

function addSpecifier(out: DeclaredDependencies, name: string, spec: string): void {
  const list = out.specifiers.get(name) ?? out.specifiers.set(name, []).get(name)!;
  if (spec.trim()) list.push(spec.trim());
}

/** The version specifier of a PEP 508 requirement: `pydantic[email]>=2.6,<3; python_version >= "3.9"` -> `>=2.6,<3`. */
export function requirementSpecifier(req: string): string {
  const noMarker = req.split(";")[0]!;
  return noMarker.replace(/^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?/, "").replace(/^\s*\(|\)\s*$/g, "").trim();
}

export { normaliseDist, requirementName } from "./requirements.js";
import { normaliseDist, requirementName } from "./requirements.js";

/** The declarations a lock file at the root is made from (lockfiles/index.ts checks it is not older than them). */
export function declaredForLock(deps: DeclaredDependencies): DeclaredForLock {
  return { pyproject: deps.bySource.get("pyproject.toml") ?? new Set(), pipfile: deps.bySource.get("Pipfile") ?? new Set(), own: deps.ownProjects };
}

function addReqs(out: DeclaredDependencies, reqs: unknown): void {
  if (!Array.isArray(reqs)) return;
  for (const r of reqs) {
    if (typeof r !== "string") continue;
    const name = requirementName(r);
    if (name) {
      out.distributions.add(normaliseDist(name));
      addSpecifier(out, normaliseDist(name), requirementSpecifier(r));
    }
  }
}

function fromPyproject(out: DeclaredDependencies, data: Record<string, unknown>, rel: string): void {
  const project = data.project as Record<string, unknown> | undefined;
  if (project) {
    const dynamic = project.dynamic;
    if (Array.isArray(dynamic) && dynamic.some((d) => d === "dependencies" || d === "optional-dependencies")) {
      const tool = (data.tool as Record<string, unknown> | undefined)?.setuptools as Record<string, unknown> | undefined;
      const fromFile = (tool?.dynamic as Record<string, { file?: unknown }> | undefined)?.dependencies?.file;
      if (!fromFile) out.incomplete.push(`${rel} (dynamic dependencies)`);
    }
    if (typeof project.name === "string") out.ownProjects.add(normaliseDist(project.name));
    addReqs(out, project.dependencies);
    const optional = project["optional-dependencies"] as Record<string, unknown> | undefined;
    if (optional) for (const reqs of Object.values(optional)) addReqs(out, reqs);
  }
  const groups = data["dependency-groups"] as Record<string, unknown> | undefined;
  if (groups) for (const reqs of Object.values(groups)) addReqs(out, reqs);
  const tool = data.tool as Record<string, unknown> | undefined;
  const poetry = tool?.poetry as Record<string, unknown> | undefined;
  if (poetry) {
    if (typeof poetry.name === "string") out.ownProjects.add(normaliseDist(poetry.name));
    const tables: unknown[] = [poetry.dependencies, poetry["dev-dependencies"]];
    const pgroups = poetry.group as Record<string, { dependencies?: unknown }> | undefined;
    if (pgroups) for (const g of Object.values(pgroups)) tables.push(g?.dependencies);
    for (const t of tables) {
      if (!t || typeof t !== "object") continue;
      for (const [name, spec] of Object.entries(t as Record<string, unknown>)) {
        if (name === "python") continue;
        out.distributions.add(normaliseDist(name));
        const version = typeof spec === "string" ? spec : spec && typeof spec === "object" && typeof (spec as { version?: unknown }).version === "string" ? (spec as { version: string }).version : "";
        addSpecifier(out, normaliseDist(name), version);
      }
    }
  }
  const uv = tool?.uv as Record<string, unknown> | undefined;
  if (uv) addReqs(out, uv["dev-dependencies"]);
  const pdm = tool?.pdm as Record<string, unknown> | undefined;
  const pdmDev = pdm?.["dev-dependencies"] as Record<string, unknown> | undefined;
  if (pdmDev) for (const reqs of Object.values(pdmDev)) addReqs(out, reqs);
}

function fromRequirements(out: DeclaredDependencies, file: string, seen: Set<string>, depth: number): void {
  const abs = path.resolve(file);
  if (seen.has(abs) || depth > 20 || !existsSync(abs)) return;
  seen.add(abs);
  let text: string;
  try {
    text = readTextFile(abs);
  } catch {
    return;
  }
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    const include = /^(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
    if (include) {
      if (line.startsWith("-r") || line.startsWith("--requirement")) fromRequirements(out, path.join(path.dirname(abs), include[1]!), seen, depth + 1);
      continue;
    }
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(raw);
    if (egg) {
      out.distributions.add(normaliseDist(egg[1]!));
      continue;
    }
    if (line.startsWith("-")) continue;
    const name = requirementName(line);
    if (name && !line.includes("://")) {
      out.distributions.add(normaliseDist(name));
      addSpecifier(out, normaliseDist(name), requirementSpecifier(line));
    }
  }
}

function fromSetupCfg(out: DeclaredDependencies, file: string): void {
  const sections = parseIni(readTextFile(file), path.basename(file));
  const metadata = sections.get("metadata");
  if (metadata?.get("name")) out.ownProjects.add(normaliseDist(metadata.get("name")!));
  const options = sections.get("options");
  for (const r of iniLines(options?.get("install_requires"))) {
    const name = requirementName(r);
    if (name) out.distributions.add(normaliseDist(name));
  }
  const extras = sections.get("options.extras_require");
  if (extras) for (const v of extras.values()) for (const r of iniLines(v)) {
    const name = requirementName(r);
    if (name) out.distributions.add(normaliseDist(name));
  }
}

function fromPipfile(out: DeclaredDependencies, data: Record<string, unknown>): void {
  for (const table of ["packages", "dev-packages"]) {
    const t = data[table];
    if (t && typeof t === "object") for (const name of Object.keys(t)) out.distributions.add(normaliseDist(name));
  }
}

function fromTox(out: DeclaredDependencies, file: string): void {
  const sections = parseIni(readTextFile(file), path.basename(file));
  for (const [name, section] of sections) {
    if (!name.startsWith("testenv")) continue;
    for (const r of iniLines(section.get("deps"))) {
      if (r.startsWith("-r")) continue;
      const n = requirementName(r.replace(/^[\w,-]+:\s*/, ""));
      if (n) out.distributions.add(normaliseDist(n));
    }
  }
}

async function fromSetupPy(out: DeclaredDependencies, file: string, rel: string): Promise<void> {
  const { readSetupPy } = await import("../parse/setup-py.js");
  const text = readTextFile(file);
  const { requirements, dynamic, name } = await readSetupPy(text);
  for (const r of requirements) {
    const name = requirementName(r);
    if (name) out.distributions.add(normaliseDist(name));
  }
  if (dynamic) out.incomplete.push(`${rel} (computed requirement lists)`);
  if (name) out.ownProjects.add(normaliseDist(name));
}

/** Reads every declaration file among `markers` (repo-relative paths). Malformed files are skipped, not fatal. */
export async function collectDependencies(root: string, markers: string[]): Promise<DeclaredDependencies> {
  const out: DeclaredDependencies = { distributions: new Set(), ownProjects: new Set(), sources: [], incomplete: [], bySource: new Map(), specifiers: new Map(), scoped: [] };
  const seen = new Set<string>();
  const dirOf = (rel: string): string => (rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "");
  const projectDirs = new Set(["", ...markers.filter((m) => /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|tox\.ini)$/.test(m)).map(dirOf)]);
  for (const rel of markers) {
    const abs = path.join(root, rel);
    const base = path.basename(rel);
    // Each file into a part of its own, merged after: what each file declares is kept (bySource).
    const part: DeclaredDependencies = { distributions: new Set(), ownProjects: new Set(), sources: [], incomplete: [], bySource: new Map(), specifiers: new Map(), scoped: [] };
    try {
      if (base === "pyproject.toml") fromPyproject(part, readToml(abs), rel);
      else if (base === "Pipfile") fromPipfile(part, readToml(abs));
      else if (base === "tox.ini") fromTox(part, abs);
      else if (base === "setup.py") await fromSetupPy(part, abs, rel);
      else if (base === "setup.cfg") fromSetupCfg(part, abs);
      else if (base.endsWith(".txt")) fromRequirements(part, abs, seen, 0);
    } catch {
      continue;
    }
    // A requirements file outside every project directory (and its requirements/ folder) serves its own directory.
    const dir = dirOf(rel).replace(/(^|\/)requirements$/, "");
    if (base.endsWith(".txt") && !projectDirs.has(dir) && !projectDirs.has(dirOf(rel))) {
      if (part.distributions.size > 0) {
        out.scoped.push({ dir, distributions: part.distributions });
        out.sources.push(rel);
        out.bySource.set(rel, part.distributions);
      }
      continue;
    }
    for (const d of part.distributions) out.distributions.add(d);
    for (const d of part.ownProjects) out.ownProjects.add(d);
    for (const [d, specs] of part.specifiers) for (const spec of specs) addSpecifier(out, d, spec);
    out.incomplete.push(...part.incomplete);
    if (part.distributions.size + part.ownProjects.size > 0) {
      out.sources.push(rel);
      out.bySource.set(rel, part.distributions);
    }
  }
  return out;
}
