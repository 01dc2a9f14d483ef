// A package's submodule renamed (`_config.py` -> `_configs.py`) while code still imports the old name from the
// package: every such `from pkg import _config` in the repository, imported under the name the code reads. One fix
// for all of them, because one left behind keeps the cause (and a circular import often hides the others until the
// first is repaired).
import type { ResolvedModule } from "../../resolve/resolver.js";
import type { Fix, TextEdit } from "../types.js";
import type { FixContext } from "./context.js";

/** Whether an import statement's module resolves to `pkg` (by its file, or by its name for a namespace package). */
const reaches = (chain: ResolvedModule[], pkg: ResolvedModule): boolean => {
  const last = chain[chain.length - 1];
  return last !== undefined && (pkg.file !== null ? last.file === pkg.file : last.name === pkg.name && last.file === null);
};

export function renamedSubmoduleFix(fx: FixContext, pkg: ResolvedModule, oldName: string, newName: string, also = ""): Fix {
  const edits: TextEdit[] = [];
  const seen = new Set<string>();
  for (const f of fx.byAbs.values()) {
    for (const r of f.results) {
      if (r.stmt.kind !== "from" || r.resolution?.kind !== "first-party" || !reaches(r.resolution.chain, pkg)) continue;
      for (const { name: n } of r.names) {
        if (n.name !== oldName) continue;
        const key = `${f.ctx.rel}:${n.range.line}:${n.range.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edits.push({ path: f.ctx.rel, range: { line: n.range.line, column: n.range.column, endLine: n.range.line, endColumn: n.range.column + [...n.name].length }, newText: n.alias ? newName : `${newName} as ${n.name}` });
      }
    }
  }
  const files = new Set(edits.map((e) => e.path)).size;
  const where = files > 1 ? ` (${edits.length} imports in ${files} files)` : "";
  return { strategy: "renamed-submodule", safety: "unsafe", description: `Import the submodule \`${newName}\` as \`${oldName}\` (renamed?)${where}${also}`, edits, fileOps: [] };
}
