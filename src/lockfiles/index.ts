// The lock file of a repository, if it has one, and the exact set of distributions an environment built from it holds
// on the target Python: what `uv sync`, `poetry install`, `pdm install`, `pipenv sync` or `pip install -r` installs.
import { existsSync } from "node:fs";
import path from "node:path";
import { readTextFile } from "../read-text.js";
import { markerAllows, targetEnvironment } from "./markers.js";
import { readLock, type LockFormat, type ParsedLock } from "./read.js";

export interface LockedSet {
  /** Repo-relative lock file(s) read, for messages. */
  files: string[];
  format: LockFormat;
  /** Distributions installed on the target from the lock: normalised name -> version. */
  installed: Map<string, string | null>;
  /** For a distribution installed but not declared: the declared distribution that pulls it in, if the lock says. */
  pulledInBy(name: string): string | null;
}

export type LockOutcome =
  | { kind: "none" }
  | { kind: "locked"; lock: LockedSet }
  /** The lock cannot be trusted (older than the declarations, or unreadable): said once, and not used. */
  | { kind: "ignored"; file: string; why: string };

const ROOT_LOCKS = ["uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock", "pylock.toml"];

/** Which distributions of a parsed lock are installed on the target. */
function installedOf(lock: ParsedLock, version: string): Set<string> {
  const env = targetEnvironment(version);
  const { distributions } = lock;
  const allowed = (name: string): boolean => markerAllows(distributions.get(name)?.marker, env);
  const roots = [...distributions.values()].filter((d) => d.own);
  const out = new Set<string>();
  if (roots.length > 0) {
    // uv: what the project's own packages reach, over edges whose markers hold.
    const queue = roots.map((r) => r.name);
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (out.has(name) || !distributions.has(name)) continue;
      out.add(name);
      for (const e of distributions.get(name)!.dependencies) if (markerAllows(e.marker, env)) queue.push(e.name);
    }
    for (const r of roots) out.delete(r.name);
    return out;
  }
  // Otherwise every entry whose own marker holds, unless every edge that pulls it in has a marker that excludes it.
  const incoming = new Map<string, boolean>();
  for (const d of distributions.values()) for (const e of d.dependencies) incoming.set(e.name, (incoming.get(e.name) ?? false) || markerAllows(e.marker, env));
  for (const d of distributions.values()) if (allowed(d.name) && incoming.get(d.name) !== false) out.add(d.name);
  return out;
}

/** Names the declarations of `source` list, for the staleness check: those of the files the lock is made from. */
export interface DeclaredForLock {
  /** Normalised names declared in pyproject.toml at the root (PEP 621, groups, Poetry, uv, PDM). */
  pyproject: Set<string>;
  /** Normalised names declared in the root Pipfile. */
  pipfile: Set<string>;
  /** The repository's own projects (never in need of locking). */
  own: Set<string>;
}

function staleness(lock: ParsedLock, declared: DeclaredForLock): string | null {
  const source = lock.format === "Pipfile.lock" ? declared.pipfile : lock.format === "pip-compile" ? new Set<string>() : declared.pyproject;
  const missing = [...source].filter((n) => !lock.distributions.has(n) && !declared.own.has(n)).sort();
  return missing.length > 0 ? `it does not lock ${missing.slice(0, 3).map((n) => `\`${n}\``).join(", ")}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ""}, declared in ${lock.format === "Pipfile.lock" ? "Pipfile" : "pyproject.toml"}: it is older than the declarations` : null;
}

/**
 * The repository's lock: the first of uv.lock, poetry.lock, pdm.lock, Pipfile.lock and pylock.toml at the root, else
 * every pip-compile output among the requirements files (`markers`), taken together.
 */
export function findLock(root: string, markers: string[], version: string, declared: DeclaredForLock): LockOutcome {
  const parsed: { file: string; lock: ParsedLock }[] = [];
  const rootLock = ROOT_LOCKS.find((f) => existsSync(path.join(root, f)));
  const candidates = rootLock ? [rootLock] : markers.filter((m) => m.endsWith(".txt") && (path.posix.dirname(m) === "." || path.posix.dirname(m) === "requirements"));
  for (const file of candidates) {
    let lock: ParsedLock | null;
    try {
      lock = readLock(path.posix.basename(file), readTextFile(path.join(root, file)));
    } catch (e) {
      return { kind: "ignored", file, why: `it cannot be read (${(e as Error).message.split("\n")[0]})` };
    }
    if (lock) parsed.push({ file, lock });
  }
  if (parsed.length === 0) return { kind: "none" };
  for (const { file, lock } of parsed) {
    const why = staleness(lock, declared);
    if (why) return { kind: "ignored", file, why };
  }
  const installed = new Map<string, string | null>();
  const parents = new Map<string, Set<string>>();
  for (const { lock } of parsed) {
    for (const name of installedOf(lock, version)) installed.set(name, lock.distributions.get(name)!.version);
    for (const d of lock.distributions.values()) for (const e of d.dependencies) (parents.get(e.name) ?? parents.set(e.name, new Set()).get(e.name)!).add(d.name);
  }
  const direct = new Set([...declared.pyproject, ...declared.pipfile]);
  const pulledInBy = (name: string): string | null => {
    // Breadth-first up the graph: the nearest declared ancestor.
    const seen = new Set([name]);
    let frontier = [name];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const n of frontier) {
        for (const p of [...(parents.get(n) ?? [])].sort()) {
          if (direct.has(p)) return p;
          if (!seen.has(p)) {
            seen.add(p);
            next.push(p);
          }
        }
      }
      frontier = next;
    }
    return null;
  };
  return { kind: "locked", lock: { files: parsed.map((p) => p.file), format: parsed[0]!.lock.format, installed, pulledInBy } };
}
