// IMP003's fix: turn the module file into the package its importers expect (pkg/mod.py -> pkg/mod/__init__.py).
import path from "node:path";
import type { Fix } from "../types.js";
import { moveIntoPackage } from "./into-package.js";
import type { FixContext, Fixer } from "./context.js";

/** Names the moved module defines at module level (what a re-export submodule can take from it). */
function definedNames(fx: FixContext, file: string): Set<string> {
  fx.cc.nameUses.all(file);
  return new Set((fx.cc.factsOf(file)?.bindings ?? []).filter((b) => !b.conditional).map((b) => b.name));
}

export const fixModuleShadowsPackage: Fixer = async (_d, { result }, fx) => {
  const r = result.resolution;
  if (!r || r.kind !== "not-a-package" || r.parent.kind !== "module" || !r.parent.file || !r.parent.file.endsWith(".py")) return null;
  const moduleFile = r.parent.file;
  const dir = moduleFile.slice(0, -3);
  const facts = fx.cc.factsOf(moduleFile);
  const src = fx.source(moduleFile);
  if (!facts || !src) return null;
  if (facts.syntaxErrors.length > 0) return null;
  const from = fx.rel(moduleFile);
  const to = fx.rel(path.join(dir, "__init__.py"));
  if (fx.cc.fs.isFile(path.join(dir, "__init__.py"))) return null;
  // One level deeper: a relative import gains a dot (`.` was pkg, now it is pkg.mod), unless it names a module of
  // the directory as written (the file was that package's __init__.py).
  const { fileOps, edits, risky } = moveIntoPackage(fx, moduleFile, dir, facts, src.text);
  let description = `Move ${from} to ${to}${edits.length ? ", one level deeper for its relative imports" : ""}`;
  let safety: Fix["safety"] = risky ? "unsafe" : "safe";

  // Importers that ask for a submodule that does not exist, for names the module defines: offer re-export modules.
  const sub = r.failedName.slice(r.parent.name.length + 1);
  const exists = fx.cc.fs.isFile(path.join(dir, `${sub.split(".")[0]}.py`)) || fx.cc.fs.isDir(path.join(dir, sub.split(".")[0]!));
  if (!exists && !sub.includes(".")) {
    const defined = definedNames(fx, moduleFile);
    const wanted = new Set<string>();
    let ok = true;
    for (const f of fx.byAbs.values()) {
      for (const other of f.results) {
        const o = other.resolution;
        if (!o || o.kind !== "not-a-package" || o.parent.file !== moduleFile || o.failedName !== r.failedName) continue;
        if (other.stmt.kind !== "from" || other.stmt.names.some((n) => n.name === "*" || !defined.has(n.name))) ok = false;
        else for (const n of other.stmt.names) wanted.add(n.name);
      }
    }
    if (ok && wanted.size > 0) {
      const names = [...wanted].sort();
      const created = fx.rel(path.join(dir, `${sub}.py`));
      fileOps.push({
        op: "create",
        path: created,
        content: `"""\`${r.failedName}\`: re-exports what importers expect here from \`${r.parent.name}\` (created by import-doctor)."""\nfrom . import ${names.join(", ")}\n\n__all__ = [${names.map((n) => JSON.stringify(n)).join(", ")}]\n`,
      });
      description += `, and create ${created} re-exporting ${names.map((n) => `\`${n}\``).join(", ")}`;
      safety = "unsafe";
    }
  }
  return { strategy: "move", safety, description, edits, fileOps };
};
