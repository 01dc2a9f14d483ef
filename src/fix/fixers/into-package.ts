// Moving a module file into the directory it shadows (`pkg/mod.py` -> `pkg/mod/__init__.py`): the move, and the
// relative imports of the moved file, each written so that it names what it resolves to.
import path from "node:path";
import type { ModuleFacts } from "../../parse/facts.js";
import type { FileOp, TextEdit } from "../types.js";
import type { FixContext } from "./context.js";

/** Module attributes whose value changes when a module becomes a package's __init__. */
const LOCATION_DEPENDENT = /\b__(file|package|spec|path|cached|loader)__\b/;

/**
 * Whether a relative import of `module` with `level` dots (or, with no module, of the `imported` names), from a
 * module whose package directory is `pkgDir`, names files or directories.
 */
function names(fx: FixContext, pkgDir: string, level: number, module: string, imported: string[]): boolean {
  let dir = pkgDir;
  for (let i = 1; i < level; i++) dir = path.dirname(dir);
  const exists = (p: string): boolean => fx.cc.fs.isFile(`${p}.py`) || fx.cc.fs.isDir(p);
  if (!module) return imported.length > 0 && imported.every((n) => n === "*" || exists(path.join(dir, n)));
  return exists(path.join(dir, ...module.split(".")));
}

/**
 * The move of `moduleFile` into `dir` as its `__init__.py`, and the edits of its relative imports: one dot more where
 * the import names what it names today (it keeps its meaning one level deeper); none where it names nothing today
 * but names a module of `dir` as written (the file was that package's `__init__.py`, moved out of it).
 */
export function moveIntoPackage(fx: FixContext, moduleFile: string, dir: string, facts: ModuleFacts, text: string): { fileOps: FileOp[]; edits: TextEdit[]; risky: boolean } {
  const from = fx.rel(moduleFile);
  const to = fx.rel(path.join(dir, "__init__.py"));
  const edits: TextEdit[] = [];
  const here = path.dirname(moduleFile);
  // A top-level module has no package: none of its relative imports names anything today.
  const inPackage = (fx.byAbs.get(moduleFile)?.ctx.identities ?? []).some((id) => id.name.includes("."));
  for (const i of facts.imports) {
    if (i.level === 0) continue;
    const imported = i.names.map((n) => n.name);
    const today = inPackage && names(fx, here, i.level, i.module, imported);
    if (!today && names(fx, dir, i.level, i.module, imported)) continue;
    edits.push({ path: from, range: { line: i.moduleRange.line, column: i.moduleRange.column, endLine: i.moduleRange.line, endColumn: i.moduleRange.column }, newText: "." });
  }
  // Module attributes whose value changes when a module becomes a package's __init__, or a namespace edited at run time.
  const risky = LOCATION_DEPENDENT.test(text) || facts.escapeHatches.length > 0;
  return { fileOps: [{ op: "move", path: from, to }], edits, risky };
}
