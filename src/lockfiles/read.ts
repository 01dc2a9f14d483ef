// Readers for the lock files Python projects commit: each gives the distributions it locks, with versions, the
// markers they are installed under, and what depends on what (to say which declared distribution pulls one in).
import { parse as parseToml } from "smol-toml";
import { normaliseDist, requirementName } from "../config/requirements.js";

export type LockFormat = "uv.lock" | "poetry.lock" | "pdm.lock" | "Pipfile.lock" | "pylock.toml" | "pip-compile";

/** An edge of the lock's dependency graph: the distribution depended on, and the marker it is installed under. */
export interface LockEdge {
  name: string;
  marker: string | null;
}

export interface LockedDistribution {
  /** Normalised name (PEP 503). */
  name: string;
  version: string | null;
  /** The marker of the entry itself (pdm, Pipfile.lock, pylock.toml, pip-compile lines); null when it has none. */
  marker: string | null;
  dependencies: LockEdge[];
  /** The project's own package (uv's editable or virtual source): the root of what gets installed. */
  own: boolean;
}

export interface ParsedLock {
  format: LockFormat;
  distributions: Map<string, LockedDistribution>;
}

type Table = Record<string, unknown>;
const isTable = (x: unknown): x is Table => typeof x === "object" && x !== null && !Array.isArray(x);
const str = (x: unknown): string | null => (typeof x === "string" ? x : null);

function add(out: Map<string, LockedDistribution>, d: LockedDistribution): void {
  const had = out.get(d.name);
  // uv.lock may hold one entry per fork (resolution markers): the edges of all of them count.
  if (had) {
    had.dependencies.push(...d.dependencies);
    had.own ||= d.own;
  } else out.set(d.name, d);
}

/** `requirement; marker` (pdm, requirements lines): name and marker. */
function requirementEdge(req: string): LockEdge | null {
  const name = requirementName(req);
  if (!name) return null;
  const semi = req.indexOf(";");
  return { name: normaliseDist(name), marker: semi >= 0 ? req.slice(semi + 1).trim() : null };
}

function edgesOf(list: unknown): LockEdge[] {
  if (!Array.isArray(list)) return [];
  const out: LockEdge[] = [];
  for (const e of list) {
    if (isTable(e) && str(e.name)) out.push({ name: normaliseDist(str(e.name)!), marker: str(e.marker) });
    else if (typeof e === "string") {
      const edge = requirementEdge(e);
      if (edge) out.push(edge);
    }
  }
  return out;
}

function readUv(data: Table): ParsedLock {
  const distributions = new Map<string, LockedDistribution>();
  for (const p of Array.isArray(data.package) ? data.package : []) {
    if (!isTable(p) || !str(p.name)) continue;
    const source = isTable(p.source) ? p.source : {};
    const own = "editable" in source || "virtual" in source;
    const deps = edgesOf(p.dependencies);
    // Extras and dependency groups may be installed (`uv sync` installs the dev group): their packages count.
    for (const table of [p["optional-dependencies"], p["dev-dependencies"]]) if (isTable(table)) for (const list of Object.values(table)) deps.push(...edgesOf(list));
    add(distributions, { name: normaliseDist(str(p.name)!), version: str(p.version), marker: null, dependencies: deps, own });
  }
  return { format: "uv.lock", distributions };
}

function readPoetry(data: Table): ParsedLock {
  const distributions = new Map<string, LockedDistribution>();
  for (const p of Array.isArray(data.package) ? data.package : []) {
    if (!isTable(p) || !str(p.name)) continue;
    const deps: LockEdge[] = [];
    if (isTable(p.dependencies)) {
      for (const [name, spec] of Object.entries(p.dependencies)) {
        const entries = Array.isArray(spec) ? spec : [spec];
        for (const s of entries) deps.push({ name: normaliseDist(name), marker: isTable(s) ? str(s.markers) : null });
      }
    }
    add(distributions, { name: normaliseDist(str(p.name)!), version: str(p.version), marker: null, dependencies: deps, own: false });
  }
  return { format: "poetry.lock", distributions };
}

function readPdm(data: Table): ParsedLock {
  const distributions = new Map<string, LockedDistribution>();
  for (const p of Array.isArray(data.package) ? data.package : []) {
    if (!isTable(p) || !str(p.name)) continue;
    add(distributions, { name: normaliseDist(str(p.name)!), version: str(p.version), marker: str(p.marker), dependencies: edgesOf(p.dependencies), own: false });
  }
  return { format: "pdm.lock", distributions };
}

function readPylock(data: Table): ParsedLock {
  const distributions = new Map<string, LockedDistribution>();
  for (const p of Array.isArray(data.packages) ? data.packages : []) {
    if (!isTable(p) || !str(p.name)) continue;
    add(distributions, { name: normaliseDist(str(p.name)!), version: str(p.version), marker: str(p.marker), dependencies: edgesOf(p.dependencies), own: false });
  }
  return { format: "pylock.toml", distributions };
}

function readPipfileLock(data: Table): ParsedLock {
  const distributions = new Map<string, LockedDistribution>();
  for (const section of ["default", "develop"]) {
    const t = data[section];
    if (!isTable(t)) continue;
    for (const [name, spec] of Object.entries(t)) {
      const s = isTable(spec) ? spec : {};
      const version = str(s.version)?.replace(/^==/, "") ?? null;
      add(distributions, { name: normaliseDist(name), version, marker: str(s.markers), dependencies: [], own: false });
    }
  }
  return { format: "Pipfile.lock", distributions };
}

/**
 * pip-compile (and `uv pip compile`) output: every requirement pinned with `==`, each followed by `# via` lines
 * naming what required it. Null when the file is not such output (a hand-written requirements file declares, it
 * does not lock).
 */
export function readPipCompile(text: string): ParsedLock | null {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => /^\s*#\s+via\b/.test(l))) return null;
  const distributions = new Map<string, LockedDistribution>();
  const parents = new Map<string, string[]>();
  let current: string | null = null;
  let inVia = false;
  for (const raw of lines) {
    const via = /^\s*#\s+via\s*(.*)$/.exec(raw);
    if (via) {
      inVia = true;
      if (via[1] && current) (parents.get(current) ?? parents.set(current, []).get(current)!).push(via[1].trim());
      continue;
    }
    const cont = /^\s*#\s+(\S.*)$/.exec(raw);
    if (cont && inVia && current) {
      (parents.get(current) ?? parents.set(current, []).get(current)!).push(cont[1]!.trim());
      continue;
    }
    inVia = false;
    const line = raw.replace(/\s#.*$/, "").replace(/\\$/, "").trim();
    if (!line || line.startsWith("#") || line.startsWith("--hash") || line.startsWith("-")) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;]+)\s*(?:;(.*))?$/.exec(line);
    if (!m) {
      current = null;
      continue;
    }
    current = normaliseDist(m[1]!);
    add(distributions, { name: current, version: m[3]!, marker: m[4]?.trim() || null, dependencies: [], own: false });
  }
  if (distributions.size === 0) return null;
  // `# via x` on y: x depends on y.
  for (const [child, via] of parents) {
    for (const v of via) {
      const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(v)?.[1];
      const parent = name ? distributions.get(normaliseDist(name)) : undefined;
      parent?.dependencies.push({ name: child, marker: null });
    }
  }
  return { format: "pip-compile", distributions };
}

/** Parses a lock file by its name; throws on malformed content (the caller reports it and goes on without it). */
export function readLock(fileName: string, text: string): ParsedLock | null {
  if (fileName === "uv.lock") return readUv(parseToml(text) as Table);
  if (fileName === "poetry.lock") return readPoetry(parseToml(text) as Table);
  if (fileName === "pdm.lock") return readPdm(parseToml(text) as Table);
  if (fileName === "Pipfile.lock") return readPipfileLock(JSON.parse(text) as Table);
  if (/^pylock(\.[^.]+)?\.toml$/.test(fileName)) return readPylock(parseToml(text) as Table);
  if (fileName.endsWith(".txt")) return readPipCompile(text);
  return null;
}
