// IMP002's candidate repairs, best first: re-export from a submodule, import from the one module that defines the name
// (or the one package with a submodule of that name), a did-you-mean, removal (of an unused name, or of the name with
// the code that uses it), or a scaffold. Every copy of the statement in the file (a `try` body and its `except`
// fallback, two branches) is edited by the same candidate.
import path from "node:path";
import type { FileAnalysis } from "../../checks/types.js";
import type { ImportedName, ImportStatement } from "../../parse/facts.js";
import { closeMatches } from "../../checks/similar.js";
import type { ResolvedModule } from "../../resolve/resolver.js";
import type { ImportResult } from "../../resolve/imports.js";
import type { NameUse } from "../source.js";
import { importLine, moduleSpecFor, removeName } from "../edit-import.js";
import { scaffoldModule } from "../scaffold.js";
import { spanEdit } from "../source.js";
import type { Fix, TextEdit } from "../types.js";
import { removeUses } from "../uses.js";
import { renamedSubmoduleFix } from "./renamed-submodule.js";
import type { FixContext, Fixer } from "./context.js";

const IDENT = /^[A-Za-z_]\w*$/;

/** The dotted name under which `abs` is importable from `file`'s search path, if any. */
function importableAs(fx: FixContext, file: FileAnalysis, abs: string): string | null {
  const target = fx.byAbs.get(abs);
  for (const id of target?.ctx.identities ?? []) {
    const r = fx.resolver.resolve(id.name, file.ctx.search);
    if (r.kind === "first-party" && r.chain[r.chain.length - 1]!.file === abs) return id.name;
  }
  return null;
}

/** Whether `file`'s module-level imports reach the package `pkg` (adding `from .x import n` to pkg would close a cycle). */
function importsPackage(fx: FixContext, file: string, pkg: string): boolean {
  const f = fx.byAbs.get(file);
  return (f?.results ?? []).some((r) => r.stmt.context.scope !== "function" && r.absolute !== null && (r.absolute === pkg || (r.absolute.startsWith(`${pkg}.`) && r.resolution?.kind === "first-party" && r.resolution.chain.some((m) => m.name === pkg && m.file !== null))));
}

interface Copy {
  stmt: ImportStatement;
  name: ImportedName;
  absolute: string | null;
}

/** The statements of `file` that import the same missing name from the same module: the one diagnosed first. */
function copiesIn(fx: FixContext, file: FileAnalysis, target: ResolvedModule, name: string, stmt: ImportStatement, n: ImportedName, absolute: string | null): Copy[] {
  const out: Copy[] = [{ stmt, name: n, absolute }];
  for (const other of fx.importersOfMissing(target.file ?? target.name, name)) {
    if (other.file !== file || other.name.name === n) continue;
    const r = file.results.find((x) => x.names.includes(other.name));
    if (r && r.stmt.context.scope === stmt.context.scope) out.push({ stmt: r.stmt, name: other.name.name, absolute: r.absolute });
  }
  return out.sort((a, b) => a.stmt.range.line - b.stmt.range.line);
}

/** Every copy's import of the name from `module` instead (relative where the copy was), or null when one cannot be written. */
async function retarget(fx: FixContext, rel: string, copies: Copy[], module: string): Promise<TextEdit[] | null> {
  const edits: TextEdit[] = [];
  for (const c of copies) {
    const spec = moduleSpecFor(c.stmt, c.absolute, module);
    if (spec === null) return null;
    const e = await removeName(fx, rel, c.stmt, c.name, importLine(spec, c.name));
    if (!e) return null;
    edits.push(...e);
  }
  return edits;
}

async function removeFromAll(fx: FixContext, rel: string, copies: Copy[]): Promise<TextEdit[] | null> {
  const edits: TextEdit[] = [];
  for (const c of copies) {
    const e = await removeName(fx, rel, c.stmt, c.name, null);
    if (!e) return null;
    edits.push(...e);
  }
  return edits;
}

/** Every first-party file by the last component of its module name, built once per fix run. */
const byStem = new WeakMap<FixContext, Map<string, string[]>>();

/** First-party modules named `name` outside `except` (a package that has it as a submodule could export it). */
function modulesNamed(fx: FixContext, name: string, except: string): string[] {
  let index = byStem.get(fx);
  if (!index) {
    index = new Map();
    for (const f of fx.byAbs.values()) {
      const base = path.basename(f.ctx.abs);
      const stem = base === "__init__.py" ? path.basename(path.dirname(f.ctx.abs)) : base.replace(/\.pyi?$/, "");
      (index.get(stem) ?? index.set(stem, []).get(stem)!).push(f.ctx.abs);
    }
    byStem.set(fx, index);
  }
  return (index.get(name) ?? []).filter((f) => !f.startsWith(except + path.sep));
}

export const fixUnknownImportName: Fixer = async (d, { file, result }, fx) => {
  const nr = result.names.find((x) => x.name.name === d.name && x.verdict.kind === "missing");
  if (!nr || nr.verdict.kind !== "missing") return null;
  const target: ResolvedModule = nr.verdict.target;
  const n = nr.name;
  const stmt = result.stmt;
  const rel = file.ctx.rel;
  if (!fx.source(rel)) return null;
  const definers = fx.cc.definedIn(n.name).filter((f) => f !== target.file && f !== file.ctx.abs);
  const pkgDir = target.kind === "package" || target.kind === "namespace" ? target.searchDirs[0] : undefined;
  const copies = copiesIn(fx, file, target, n.name, stmt, n, result.absolute);
  const out: Fix[] = [];
  const also = copies.length > 1 ? ` (all ${copies.length} copies of the import, lines ${copies.map((c) => c.stmt.range.line).join(", ")})` : "";

  // A submodule of the package defines it: the package re-exports it.
  if (pkgDir && target.kind === "package" && target.file) {
    const subOf = (f: string): string[] => path.relative(pkgDir, f).replace(/\.py$/, "").replace(/[\\/]__init__$/, "").split(path.sep);
    const defining = definers.filter((f) => f.startsWith(pkgDir + path.sep));
    // Defined in several submodules: the one the package already re-exports other names from (`from ._next_gen import
    // define, field` in attrs, where `setters.frozen` is another `frozen`), and then only as an unsafe fix.
    const ambiguous = defining.length > 1;
    const reexporting = (f: string): boolean => (fx.cc.factsOf(target.file!)?.imports ?? []).some((i) => i.level === 1 && i.names.length > 0 && i.module === subOf(f).join("."));
    const inside = ambiguous ? defining.filter(reexporting) : defining;
    if (inside.length === 1) {
      const sub = subOf(inside[0]!);
      // The defining file must be what `pkg.sub` imports (not a file behind a shadowing module, say).
      const reached = sub.every((s) => IDENT.test(s)) ? fx.resolver.resolve(`${target.name}.${sub.join(".")}`, file.ctx.search) : null;
      if (reached?.kind === "first-party" && reached.chain[reached.chain.length - 1]!.file === inside[0]) {
        const init = fx.source(target.file);
        if (init) {
          const cyclic = importsPackage(fx, inside[0]!, target.name);
          const tail = init.text.length === 0 || init.text.endsWith("\n") ? "" : "\n";
          const end = init.text.length;
          out.push({
            strategy: "re-export",
            safety: cyclic || ambiguous ? "unsafe" : "safe",
            description: `Re-export \`${n.name}\` from \`.${sub.join(".")}\` in ${fx.rel(target.file)}${cyclic ? ` (${fx.rel(inside[0]!)} imports ${target.name}: a cycle)` : ""}${ambiguous ? ` (it re-exports other names from there; ${defining.length - 1} other submodule${defining.length > 2 ? "s" : ""} also define${defining.length > 2 ? "" : "s"} \`${n.name}\`)` : ""}`,
            edits: [spanEdit(fx.rel(target.file), init.text, end, end, `${tail}from .${sub.join(".")} import ${n.name}\n`)],
            fileOps: [],
          });
        }
      }
    }
  }
  // Exactly one other first-party module defines it: import it from there.
  if (definers.length === 1) {
    const module = importableAs(fx, file, definers[0]!);
    if (module && module !== target.name) {
      const edits = await retarget(fx, rel, copies, module);
      if (edits) out.push({ strategy: "retarget", safety: "unsafe", description: `Import \`${n.name}\` from \`${module}\` (${fx.rel(definers[0]!)}), which defines it${also}`, edits, fileOps: [] });
    }
  }
  // Nothing defines it, but exactly one package elsewhere has a submodule of that name: import it from that package.
  const named = definers.length === 0 && pkgDir ? modulesNamed(fx, n.name, pkgDir) : [];
  if (named.length === 1) {
    const module = importableAs(fx, file, named[0]!);
    const parent = module?.split(".").slice(0, -1).join(".");
    if (module && parent && parent !== target.name) {
      const edits = await retarget(fx, rel, copies, parent);
      if (edits) out.push({ strategy: "retarget", safety: "unsafe", description: `Import \`${n.name}\` from \`${parent}\`, which has the submodule ${fx.rel(named[0]!)}${also}`, edits, fileOps: [] });
    }
  }
  // Defined elsewhere in the importer's own top-level package (more than once): nothing is removed or created for it.
  // A definition elsewhere (docs/conf.py's `version`) does not count.
  const top = file.ctx.identities[0]?.name.split(".")[0];
  const ownPackage = (f: string): boolean => (pkgDir !== undefined && f.startsWith(pkgDir + path.sep)) || (top !== undefined && importableAs(fx, file, f)?.split(".")[0] === top);
  if (out.length > 0 || definers.some(ownPackage)) return out;
  // A close name: shown, never applied.
  const close = closeMatches(n.name, [...nr.verdict.bound, ...nr.verdict.submodules], 1);
  // A submodule of a close name (a module renamed, `types` -> `typess`): imported under the name the code reads.
  if (close.length === 1 && nr.verdict.submodules.includes(close[0]!) && !nr.verdict.bound.includes(close[0]!)) {
    out.push(renamedSubmoduleFix(fx, target, n.name, close[0]!));
    return out;
  }
  // A likely typo is the user's to confirm: nothing is removed or created for it.
  if (close.length === 1) {
    out.push({ strategy: "did-you-mean", safety: "display-only", description: `Did you mean \`${close[0]}\`?`, edits: [{ path: rel, range: { line: n.range.line, column: n.range.column, endLine: n.range.line, endColumn: n.range.column + [...n.name].length }, newText: close[0]! }], fileOps: [] });
    return out;
  }
  // Nothing defines it: drop it when the importer never uses it, else remove it with its uses, or scaffold the module.
  // Never from a package's `__init__.py` or a module's `__all__`: there the import is the public API (a re-export).
  const bound = n.alias ?? n.name;
  const use = await fx.use(rel, bound);
  const publicApi = path.basename(file.ctx.abs) === "__init__.py" || (file.facts?.all ?? []).includes(bound);
  if (publicApi) return pkgDir && IDENT.test(n.name) && !use.called ? [...out, ...(await scaffold(fx, file, result, n, use, target, pkgDir))] : out;
  if (!use.used) {
    const edits = await removeFromAll(fx, rel, copies);
    if (edits) out.push({ strategy: "remove", safety: "unsafe", description: `Remove the unused \`${n.name}\` from the import${also}`, edits, fileOps: [] });
    return out;
  }
  const fromImports = await removeFromAll(fx, rel, copies);
  const uses = await fx.withTree(rel, (root, text) => removeUses(root, text, rel, bound));
  if (fromImports && uses && !("why" in uses)) {
    out.push({ strategy: "remove", safety: "unsafe", description: `Remove \`${n.name}\`, which nothing defines, from the import${also} and the ${uses.length === 1 ? "statement" : `${uses.length} places`} that use${uses.length === 1 ? "s" : ""} it`, edits: [...fromImports, ...uses], fileOps: [] });
  }
  // A called or subclassed name is a function or class: a new module of that name would not be what importers need.
  if (!pkgDir || !IDENT.test(n.name) || use.called) return out;
  return [...out, ...(await scaffold(fx, file, result, n, use, target, pkgDir))];
};

/** The scaffold of the missing submodule, shaped by every importer of the name (none when one calls it). */
async function scaffold(fx: FixContext, file: FileAnalysis, result: ImportResult, n: ImportedName, use: NameUse, target: ResolvedModule, pkgDir: string): Promise<Fix[]> {
  const peers = result.names.filter((x) => x.verdict.kind === "ok" && x.verdict.submodule?.kind === "module" && x.verdict.submodule.file).map((x) => (x.verdict as { submodule: ResolvedModule }).submodule.file!);
  // Every importer of the same missing name shapes the module.
  const importers: string[] = [];
  const attributes = new Set(use.attributes);
  for (const other of fx.importersOfMissing(target.file ?? target.name, n.name)) {
    importers.push(other.file.ctx.rel);
    if (other.file === file) continue;
    const u = await fx.use(other.file.ctx.abs, other.name.name.alias ?? other.name.name.name);
    if (u.called) return [];
    for (const a of u.attributes) attributes.add(a);
  }
  const created = fx.rel(path.join(pkgDir, `${n.name}.py`));
  const content = await scaffoldModule(fx, { dir: pkgDir, packageName: target.name, name: n.name, attributes: [...attributes], peers, importers: [...new Set(importers)].sort() });
  return [{ strategy: "scaffold", safety: "unsafe", description: `Create ${created}, scaffolded from how importers use \`${target.name}.${n.name}\``, edits: [], fileOps: [{ op: "create", path: created, content }] }];
}
