// Fixes from rules/removed-names.json: `from collections import Mapping` -> `from collections.abc import Mapping`, for
// every moved name of the statement at once (each of its diagnostics offers the same fix, applied once).
import type { RemovedEntry } from "../../checks/removed-names.js";
import { RemovedNames } from "../../checks/removed-names.js";
import type { ImportedName } from "../../parse/facts.js";
import { lineText, rangeOffsets } from "../source.js";
import { leastSafe, type Fix, type FixSafety } from "../types.js";
import { normaliseDist } from "../../config/dependencies.js";
import { addDependencyEdit } from "../pyproject.js";
import type { FixContext, Origin } from "./context.js";

const display = (description: string): Fix => ({ safety: "display-only", description, edits: [], fileOps: [] });

/**
 * Whether the target version's standard library has `name` in `module` (or cannot say: a dynamic module). A module
 * outside the standard library is taken at the catalogue's word.
 */
function provides(fx: FixContext, module: string, name: string): boolean {
  if (!fx.cc.stdlib.has(module.split(".")[0]!)) return true;
  const found = fx.cc.stdlib.names().lookup(module);
  return found.kind === "module" && (found.module.dynamic || found.module.has(name));
}

const spell = (n: ImportedName, as: string): string => (as === n.name && !n.alias ? as : `${as} as ${n.alias ?? n.name}`);

/**
 * The fix for a from-import of `module` whose names the catalogue moved, when `moved(name)` gives the entry of each
 * name that fails (null for the names that work). Null when no name of the statement has an entry.
 */
export function fixMovedNames(fx: FixContext, { file, result }: Origin, failing: (n: ImportedName) => RemovedEntry | null): Fix | null {
  const stmt = result.stmt;
  if (stmt.kind !== "from" || stmt.level > 0) return null;
  const moves = stmt.names.map((n) => ({ n, e: n.name === "*" ? null : failing(n) }));
  const moved = moves.filter((m) => m.e !== null) as { n: ImportedName; e: RemovedEntry }[];
  if (moved.length === 0) return null;
  const manual = moved.find((m) => m.e.replacement === null || !provides(fx, m.e.replacement, RemovedNames.newName(m.e, m.n.name)));
  if (manual) return display(`migrate \`${manual.n.name}\` by hand: ${manual.e.message} (${manual.e.reference})`);
  const src = fx.source(file.ctx.abs);
  if (!src) return null;
  const kept = moves.filter((m) => m.e === null).map((m) => m.n);
  const safety: FixSafety = leastSafe(...moved.map((m) => m.e.fixSafety));
  const targets = [...new Set(moved.map((m) => m.e.replacement!))];
  const renames = moved.some((m) => RemovedNames.newName(m.e, m.n.name) !== m.n.name);
  const what = moved.map((m) => `\`${m.n.name}\``).join(", ");
  const description = `Import ${what} from \`${targets.join("`, `")}\``;
  // Every name moves to the same module under its own name: only the module path changes (comments stay).
  if (kept.length === 0 && targets.length === 1 && !renames) {
    return { safety, description, edits: [{ path: file.ctx.rel, range: stmt.moduleRange, newText: targets[0]! }], fileOps: [] };
  }
  // Otherwise the statement is written anew, one line per module: only when it is alone on its lines, without comments.
  const [start, end] = rangeOffsets(src.text, stmt.range);
  const first = lineText(src.text, stmt.range.line);
  const indent = /^[ \t]*/.exec(first)![0];
  if (first.slice(0, stmt.range.column - 1) !== indent || src.text.slice(start, end).includes("#")) {
    return display(`${description}: rewrite the statement by hand (it shares its line or holds comments)`);
  }
  const rest = lineText(src.text, stmt.range.endLine).slice(stmt.range.endColumn - 1);
  if (rest.trim() !== "" && !rest.trim().startsWith("#")) return display(`${description}: rewrite the statement by hand (it shares its line)`);
  const lines: string[] = [];
  if (kept.length > 0) lines.push(`from ${stmt.module} import ${kept.map((n) => spell(n, n.name)).join(", ")}`);
  for (const t of targets) lines.push(`from ${t} import ${moved.filter((m) => m.e.replacement === t).map((m) => spell(m.n, RemovedNames.newName(m.e, m.n.name))).join(", ")}`);
  return { safety, description, edits: [{ path: file.ctx.rel, range: stmt.range, newText: lines.join(`\n${indent}`) }], fileOps: [] };
}

/** IMP002 on a standard-library module: the names the target version lacks and the catalogue moved. */
export function fixStdlibNames(fx: FixContext, origin: Origin): Fix | null {
  const { result } = origin;
  const missing = new Set(result.stdlibMissing.map((m) => m.name));
  const module = result.absolute;
  if (!module || missing.size === 0) return null;
  return fixMovedNames(fx, origin, (n) => (missing.has(n) ? fx.cc.removed.stdlib(module, n.name) : null));
}

/** IMP001 on a standard-library module the target version lacks (`typing.io`): import from its replacement. */
export function fixRemovedStdlibModule(fx: FixContext, { file, result }: Origin): Fix | null {
  const r = result.resolution;
  if (r?.kind !== "stdlib" || !r.missing || result.absolute !== r.missing.failedName) return null;
  const e = fx.cc.removed.stdlib(r.missing.failedName, null);
  if (!e) return null;
  if (!e.replacement) return display(`migrate by hand: ${e.message} (${e.reference})`);
  const stmt = result.stmt;
  // `import typing.io` binds `typing` and the code reads `typing.io.IO`: the import alone cannot redirect that.
  if (stmt.kind === "import" && !stmt.alias) return display(`the code reads \`${stmt.module}\` through \`${stmt.module.split(".")[0]}\`: use \`${e.replacement}\` instead`);
  if (stmt.kind === "from" && stmt.names.some((n) => n.name !== "*" && !provides(fx, e.replacement!, n.name))) return display(`\`${e.replacement}\` does not provide every imported name: ${e.message}`);
  return { safety: e.fixSafety, description: `Import from \`${e.replacement}\` instead of \`${stmt.module}\``, edits: [{ path: file.ctx.rel, range: stmt.moduleRange, newText: e.replacement }], fileOps: [] };
}

/** Declares a replacement's distribution in pyproject.toml when nothing declares it yet (the fix becomes unsafe). */
function declaring(fx: FixContext, fix: Fix, dist: string | null): Fix {
  if (!dist || fix.safety === "display-only" || fx.cc.deps.distributions.has(normaliseDist(dist))) return fix;
  const py = fx.source("pyproject.toml");
  const added = py ? addDependencyEdit("pyproject.toml", py.text, dist) : { why: "the repository has no pyproject.toml" };
  if ("edit" in added) return { ...fix, safety: leastSafe(fix.safety, "unsafe"), description: `${fix.description} and declare \`${dist}\` in pyproject.toml`, edits: [...fix.edits, added.edit] };
  return { ...fix, safety: leastSafe(fix.safety, "unsafe"), description: `${fix.description} (declare \`${dist}\` yourself: ${added.why})` };
}

/** IMP009: the names (or the module) the version in force removed, imported from where the catalogue says they went. */
export function fixRemovedDependencyApi(fx: FixContext, origin: Origin, applies: (e: RemovedEntry) => boolean): Fix | null {
  const { file, result } = origin;
  const module = result.absolute;
  const stmt = result.stmt;
  if (!module) return null;
  const gone = fx.cc.removed.ofDistributions(module, null).find((e) => e.names === null && applies(e));
  if (gone) {
    if (!gone.replacement) return display(`migrate by hand: ${gone.message} (${gone.reference})`);
    if (stmt.kind === "import" && !stmt.alias) return display(`the code reads \`${stmt.module}\` through \`${stmt.module.split(".")[0]}\`: use \`${gone.replacement}\` instead`);
    const moved = gone.replacement + module.slice(gone.module.length);
    const fix: Fix = { safety: gone.fixSafety, description: `Import \`${moved}\` instead of \`${module}\``, edits: [{ path: file.ctx.rel, range: stmt.moduleRange, newText: moved }], fileOps: [] };
    return declaring(fx, fix, gone.replacementDistribution);
  }
  const entries = new Map<ImportedName, RemovedEntry>();
  for (const n of stmt.names) {
    const e = n.name === "*" ? undefined : fx.cc.removed.ofDistributions(module, n.name).find((x) => x.names !== null && applies(x));
    if (e) entries.set(n, e);
  }
  const fix = fixMovedNames(fx, origin, (n) => entries.get(n) ?? null);
  const dists = [...new Set([...entries.values()].map((e) => e.replacementDistribution).filter((d): d is string => d !== null))];
  return fix ? dists.reduce((f, d) => declaring(fx, f, d), fix) : null;
}
